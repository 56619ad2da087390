import { useTRPC } from '@quickpay/client/react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AuthPage } from '../components/AuthPage.tsx';
import { Field } from '../components/Field.tsx';
import { ErrorAlert } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { passwordProblem } from '../lib/password-problem.ts';
import { useSession } from '../session.tsx';

type Gender = '' | 'male' | 'female' | 'other';

export function SignUp() {
  const trpc = useTRPC();
  const session = useSession();
  const navigate = useNavigate();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [form, setForm] = useState({
    fullName: '',
    phone: '',
    password: '',
    age: '',
    gender: '' as Gender,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const genderId = useId();
  // A refused password is said on its field; anything else above the button.
  const passwordError = signUp.isError ? passwordProblem(signUp.error) : null;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const age = form.age.trim() === '' ? undefined : Number(form.age);
    if (age !== undefined && (!Number.isInteger(age) || age < 13 || age > 120)) {
      setProblem('Age must be a whole number between 13 and 120.');
      return;
    }
    setProblem(null);
    signUp.mutate(
      {
        fullName: form.fullName.trim(),
        phone: form.phone.trim(),
        password: form.password,
        ...(age !== undefined ? { age } : {}),
        ...(form.gender ? { gender: form.gender } : {}),
      },
      {
        onSuccess: () => {
          session.loggedIn();
          void navigate('/dashboard', { replace: true });
        },
      },
    );
  };

  return (
    <AuthPage title="Open a Quickpay account">
      <form className="stack" onSubmit={submit} noValidate={false}>
        <Field
          label="Full name"
          autoComplete="name"
          required
          value={form.fullName}
          onChange={set('fullName')}
        />
        <Field
          label="Mobile phone"
          type="tel"
          autoComplete="tel"
          required
          hint="10 digits, or an international number starting with +"
          value={form.phone}
          onChange={set('phone')}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters and hard to guess (a few uncommon words work well); not your phone number"
          value={form.password}
          error={passwordError}
          onChange={set('password')}
        />
        <Field label="Age (optional)" inputMode="numeric" value={form.age} onChange={set('age')} />
        <div className="field">
          <label htmlFor={genderId}>Gender (optional)</label>
          <select id={genderId} value={form.gender} onChange={set('gender')}>
            <option value="">Prefer not to say</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="other">Other</option>
          </select>
        </div>
        {problem && <ErrorAlert message={problem} />}
        {signUp.isError && !passwordError && <ErrorAlert message={errorMessage(signUp.error)} />}
        <button type="submit" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating your account…' : 'Sign up'}
        </button>
      </form>
      <p>
        Already with us? <Link to="/login">Log in</Link>
      </p>
    </AuthPage>
  );
}
