/**
 * A polite live region that is always in the page, so a message put into it is
 * announced (one inserted together with its region often is not), and emptied again
 * without a sound when the message goes.
 */
export function LiveNotice({ message, label }: { message: string | null; label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-label={label} className="live-notice">
      {message && <p className="notice">{message}</p>}
    </div>
  );
}
