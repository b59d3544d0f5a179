/*
 * The script of WebAppCanary (src/operations/web-app-canary.ts), run by CloudWatch Synthetics on a plain Node.js
 * runtime (syn-nodejs-*, no browser). Each run requests the app through CloudFront:
 *   1. GET <APP_URL>/                  expects a 2xx;
 *   2. GET <APP_URL><DEEP_HEALTH_PATH> with the <PROBE_HEADER> header whose value is the probe token, read from the
 *      Secrets Manager secret PROBE_SECRET_ARN names (only when that setting is present); expects a 2xx.
 * A run fails when a step throws: Synthetics then records the run as failed (SuccessPercent below 100).
 * The token is read at run time and never logged; the environment holds only the secret's ARN.
 */
const http = require('node:http');
const https = require('node:https');

/** How long one request may take, in milliseconds, before the step fails. */
const REQUEST_TIMEOUT_MS = 20000;

/** Web application firewalls refuse requests without a User-Agent (the AWS managed common rule set does). */
const USER_AGENT = 'CloudWatchSynthetics (cdk-ha-web-app WebAppCanary)';

/** GET a URL without following redirects; resolves with the status code, the body read and dropped. */
function get(url, headers, timeoutMs = REQUEST_TIMEOUT_MS) {
  const client = new URL(url).protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { headers: { 'User-Agent': USER_AGENT, ...headers }, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** The probe token: the secret's string value, read in the secret's own Region (the ARN names it). */
async function readSecret(secretArn) {
  // The AWS SDK for JavaScript v3 ships with the Node.js runtimes of Lambda that Synthetics runs on.
  const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
  const region = secretArn.split(':')[3];
  const client = new SecretsManagerClient(region ? { region } : {});
  const secret = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!secret.SecretString) {
    throw new Error(`the secret ${secretArn} has no string value to send as the probe token`);
  }
  return secret.SecretString;
}

/** The settings of a run, from the canary's environment. */
function settings(env) {
  const missing = ['APP_URL'].filter((name) => !env[name]);
  if (env.PROBE_SECRET_ARN) {
    missing.push(...['PROBE_HEADER', 'DEEP_HEALTH_PATH'].filter((name) => !env[name]));
  }
  if (missing.length > 0) {
    throw new Error(`the canary's environment lacks ${missing.join(', ')}`);
  }
  return {
    baseUrl: env.APP_URL.replace(/\/+$/, ''),
    secretArn: env.PROBE_SECRET_ARN,
    probeHeader: env.PROBE_HEADER,
    deepHealthPath: env.DEEP_HEALTH_PATH,
  };
}

/** One step: GET the URL and throw unless the answer is a 2xx. Returns the status. */
async function step(name, url, headers, request, log) {
  let status;
  try {
    status = await request(url, headers);
  } catch (error) {
    throw new Error(`${name}: GET ${url} failed: ${error.message}`);
  }
  if (!(status >= 200 && status < 300)) {
    throw new Error(`${name}: GET ${url} answered ${status}, expected 2xx`);
  }
  log(`${name}: GET ${url} answered ${status}`);
  return status;
}

/** The checks of one run; `request`, `readToken` and `log` are replaceable for tests. */
async function run(env, { request = get, readToken = readSecret, log = console.log } = {}) {
  const config = settings(env);
  const results = { home: await step('home page', `${config.baseUrl}/`, {}, request, log) };
  if (config.secretArn) {
    const token = await readToken(config.secretArn);
    results.deepHealth = await step('deep health check', `${config.baseUrl}${config.deepHealthPath}`,
      { [config.probeHeader]: token }, request, log);
  }
  return results;
}

exports.handler = async () => run(process.env);
exports.run = run;
exports.get = get;
