import { join } from 'node:path';
import { startLocalStack, type LocalStackUnderTest } from '../testing/local-stack';

// Integrations inside Parallel branches and Map iterations, .sync with string Output, and plain
// JavaScript handlers in ESM and CommonJS.
let stack: LocalStackUnderTest;
beforeAll(async () => {
  stack = await startLocalStack(join(__dirname, 'fixtures', 'nested'));
});
afterAll(() => stack.stop());

it('runs every Task of the Parallel and Map states, each Map item with its own task token', async () => {
  const execution = await stack.run('Parent', { items: ['a', 'b', 'c'] });

  expect(execution.status).toBe('SUCCEEDED');
  const output = JSON.parse(execution.output!);
  // .sync (not :2): the child's Input and Output are JSON text.
  expect(output.child).toMatchObject({ Status: 'SUCCEEDED', Input: '{"from":"parent"}', Output: '{"received":{"from":"parent"}}' });
  expect(typeof output.child.StartDate).toBe('number');
  expect(output.items).toEqual(['a', 'b', 'c'].map((item) => ({ item, by: 'esm', functionName: 'nested-EsmWorker', greeting: 'hello-nested' })));
  expect(output.last).toEqual({ item: 'last', by: 'cjs', region: 'us-east-1', remainingMs: true });
  const tokens = stack.activities.flatMap((a) => (a.kind === 'taskToken' ? [a.activity.token] : []));
  expect(new Set(tokens).size).toBe(4);
});
