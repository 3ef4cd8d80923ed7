/**
 * The board view (`mlgov diff`, and the action's board comment written after the gate) compares releases and shows
 * no checksum, so it reads no artifact: the gate already hashed the local files and fetched the objects, and the
 * comment once did it all again (a 10 GB object streamed twice per pull request).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readBoardView } from '../../src/export/read-board-view.js';
import { gatherReleaseContext } from '../../src/gate/gather.js';
import { awsEnv, useLoopbackS3, s3ReleaseRepo, sha256, type S3Repo } from './s3-fixtures.js';

const BODY = Buffer.from('weights the board never needs to read\n');
const KEY = 'fraud/v3/model.onnx';

const s3 = useLoopbackS3({ 'ml-models': true });
let repo: S3Repo;
beforeEach(() => {
  // No stored checksum: observing the object would be a HeadObject and a streamed GetObject.
  s3.server.putObject('ml-models', KEY, BODY, { checksum: 'none' });
  repo = s3ReleaseRepo(
    { path: `s3://ml-models/${KEY}`, size: BODY.length, sha256: sha256(BODY) },
    's3: { forcePathStyle: true }',
  );
  // The store the view would reach, were it to look: the process environment, as in the action.
  Object.assign(process.env, awsEnv(s3.server.url));
});
afterEach(() => {
  repo.remove();
});

describe('the board view reads no artifact', () => {
  it('gathering for the gate asks the store for the object (the set-up would be seen)', async () => {
    const { ctx } = await gatherReleaseContext({ repoRoot: repo.dir, baseRef: 'main', offline: true });
    expect(Object.keys(ctx.files.objects ?? {})).toEqual([`s3://ml-models/${KEY}`]);
    expect(s3.server.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  it('the board view is built without one request to the store and without hashing a file', async () => {
    const result = await readBoardView({ repoRoot: repo.dir, baseRef: 'main' });
    expect(result.kind).toBe('view');
    expect(s3.server.requests).toEqual([]);
    const { ctx } = await gatherReleaseContext({
      repoRoot: repo.dir,
      baseRef: 'main',
      offline: true,
      observeArtifacts: false,
    });
    // Nothing observed: a check run on this context could not judge the artifacts (it never passes them).
    expect(ctx.files).toEqual({ observed: {}, unlisted: [] });
    expect(s3.server.requests).toEqual([]);
  });
});
