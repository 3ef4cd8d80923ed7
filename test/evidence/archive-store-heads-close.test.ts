/**
 * headObjects (archive-store.ts) closes the S3 client it built: once the heads are in, no connection to the store is
 * left open (a keep-alive socket would hold a CLI process, and the store, for seconds). In a file of its own so that
 * no other test's sockets are still closing when it counts.
 */
import { describe, expect, test } from '@jest/globals';
import { headObjects } from '../../src/evidence/archive-store.js';
import { withDefaults } from '../../src/policy/defaults.js';
import { awsEnv, useLoopbackS3 } from '../s3/s3-fixtures.js';

const s3 = useLoopbackS3();

/** The TCP sockets this process holds open (client and server side: the loopback S3 runs in this process). */
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** Waits (bounded: at most about a second) until the process holds at most `n` TCP sockets; returns how many it holds. */
async function socketsSettleTo(n: number): Promise<number> {
  for (let i = 0; i < 200 && openSockets() > n; i++) await new Promise((r) => setTimeout(r, 5));
  return openSockets();
}

describe('headObjects: the client is closed', () => {
  test('no connection to the store is left open once the heads are in', async () => {
    const before = openSockets();
    const v1 = s3.server.putObject('ml-models', 'fraud/model.onnx', 'weights v1\n');
    const path = `s3://ml-models/fraud/model.onnx?versionId=${v1}`;
    const heads = await headObjects([path], withDefaults({ s3: { forcePathStyle: true } }), {
      env: awsEnv(s3.server.url),
      client: { maxAttempts: 1 },
    });
    expect(heads).toStrictEqual({ [path]: { kind: 'found', size: 11, versionId: v1 } });
    expect(await socketsSettleTo(before)).toBe(before);
  });
});
