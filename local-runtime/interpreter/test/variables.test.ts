import { VariableScope, VariableStore } from '../variables';

// Source: AWS DG "Passing data between states with variables" (scopes, limits); reference §4.
describe('variable scopes', () => {
  it('an inner scope reads the outer variables; its own vanish when released', () => {
    const outer = new VariableScope(new VariableStore());
    outer.assign({ x: 1 }, 'S');
    const inner = outer.child();
    inner.assign({ y: 2 }, 'I');
    expect(inner.visible()).toEqual({ x: 1, y: 2 });
    expect(outer.visible()).toEqual({ x: 1 });
    inner.release();
    expect(inner.visible()).toEqual({ x: 1 });
  });

  it('sibling scopes do not see each other', () => {
    const outer = new VariableScope(new VariableStore());
    const a = outer.child();
    const b = outer.child();
    a.assign({ fromA: true }, 'A');
    expect(b.visible()).toEqual({});
  });

  it('refuses a variable over 256 KiB with States.DataLimitExceeded, and changes nothing', () => {
    const scope = new VariableScope(new VariableStore());
    scope.assign({ kept: 1 }, 'S');
    expect(() => { scope.assign({ kept: 2, big: 'x'.repeat(300 * 1024) }, 'Big'); }).toThrow(expect.objectContaining({ error: 'States.DataLimitExceeded' }));
    expect(scope.visible()).toEqual({ kept: 1 });
  });

  it('counts the bytes of every scope of the execution against 10 MiB', () => {
    const store = new VariableStore();
    const scope = new VariableScope(store);
    const chunk = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 50; i += 1) scope.assign({ [`v${i}`]: chunk }, 'S');
    scope.assign({ one: chunk }, 'S');
    expect(() => { scope.assign({ more: chunk }, 'S'); }).toThrow(/quota of 10485760 bytes/);
    // Assigning over an existing variable frees its bytes.
    expect(() => { scope.assign({ v0: chunk }, 'S'); }).not.toThrow();
  });
});
