import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// Runs the sample app's pytest suite (test/sample-app/*.py): the real app against PostgreSQL, Redis and moto
// (Secrets Manager and S3) that its fixtures start on loopback and stop after. Machine prerequisites: the
// Debian packages postgresql, redis-server and openssl, and .venv with requirements-dev.txt (install:tools).
const ROOT = path.join(__dirname, '..', '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

test('the sample app passes its tests against real servers (pytest)', () => {
  if (!fs.existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: create it with 'npx projen install:tools' (python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt)`);
  }
  const result = spawnSync(PYTHON, ['-m', 'pytest', 'test/sample-app', '-q', '-p', 'no:cacheprovider', '--color=no'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 280_000,
    killSignal: 'SIGTERM', // pytest then stops the servers it started
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  if (result.status !== 0) {
    throw new Error(`pytest exited with ${result.status ?? result.signal}:\n${output}`);
  }
  expect(output).toMatch(/\d+ passed/);
  expect(output).not.toMatch(/\d+ (failed|error)/);
}, 300_000);
