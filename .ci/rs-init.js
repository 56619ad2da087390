// Run by the `mongo` init container (docker-compose.yml) through mongosh on 127.0.0.1:27017:
// initiates the three-member set rs0 once, then waits until it has a primary.
const config = {
  _id: 'rs0',
  members: [
    { _id: 0, host: '127.0.0.1:27017' },
    { _id: 1, host: '127.0.0.1:27018' },
    { _id: 2, host: '127.0.0.1:27019' },
  ],
};
try {
  rs.status();
  print('rs0 already initiated');
} catch (e) {
  // NotYetInitialized (94): the first run.
  if (e.code !== 94) throw e;
  rs.initiate(config);
  print('rs0 initiated');
}
// Ready when one member is primary and the other two are secondaries (majority writes
// and the tests' step-downs need all three).
for (let i = 0; i < 120; i++) {
  const states = rs.status().members.map((m) => m.stateStr);
  const primaries = states.filter((s) => s === 'PRIMARY').length;
  const secondaries = states.filter((s) => s === 'SECONDARY').length;
  if (primaries === 1 && secondaries === 2) {
    print(`rs0 ready: ${states.join(', ')}`);
    quit(0);
  }
  sleep(500);
}
print('rs0 not ready after 60 s:');
printjson(rs.status().members.map((m) => `${m.name} ${m.stateStr}`));
quit(1);
