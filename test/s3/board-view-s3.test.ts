/**
 * The board view (`mlgov diff`, and the action's board comment written after the gate) compares releases and shows
 * no checksum, so it reads no artifact: the gate already hashed the local files and fetched the objects, and the
 * comment once did it all again (a 10 GB object streamed twice per pull request).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readBoardView } from '../../src/export/read-board-view.js';
import { gatherReleaseContext } from '../../src/gate/gather.js';
import { startS3Server, type S3Server } from '../servers/s3-server.js';
import { awsEnv, isolateAwsEnvironment, s3ReleaseRepo, sha256, type S3Repo } from './s3-fixtures.js';

const BODY = Buffer.from('weights the board never needs to read\n');
const KEY = 'fraud/v3/model.onnx';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = isolateAwsEnvironment();
});
afterAll(() => restoreEnv());

let server: S3Server;
let repo: S3Repo;
beforeEach(async () => {
  server = await startS3Server();
  server.createBucket('ml-models', { versioned: true });
  // No stored checksum: observing the object would be a HeadObject and a streamed GetObject.
  server.putObject('ml-models', KEY, BODY, { checksum: 'none' });
  repo = s3ReleaseRepo(
    { path: `s3://ml-models/${KEY}`, size: BODY.length, sha256: sha256(BODY) },
    's3: { forcePathStyle: true }',
  );
  // The store the view would reach, were it to look: the process environment, as in the action.
  Object.assign(process.env, awsEnv(server.url));
});
afterEach(async () => {
  repo.remove();
  await server.close();
});

describe('the board view reads no artifact', () => {
  it('gathering for the gate asks the store for the object (the set-up would be seen)', async () => {
    const { ctx } = await gatherReleaseContext({ repoRoot: repo.dir, baseRef: 'main', offline: true });
    expect(Object.keys(ctx.files.objects ?? {})).toEqual([`s3://ml-models/${KEY}`]);
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('the board view is built without one request to the store and without hashing a file', async () => {
    const result = await readBoardView({ repoRoot: repo.dir, baseRef: 'main' });
    expect(result.kind).toBe('view');
    expect(server.requests).toEqual([]);
    const { ctx } = await gatherReleaseContext({
      repoRoot: repo.dir,
      baseRef: 'main',
      offline: true,
      observeArtifacts: false,
    });
    // Nothing observed: a check run on this context could not judge the artifacts (it never passes them).
    expect(ctx.files).toEqual({ observed: {}, unlisted: [] });
    expect(server.requests).toEqual([]);
  });
});
