import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagrams } from '../cli/diagrams';
import { describeRule, mermaidFlowchart } from '../stepfunctions/mermaid';

const root = join(__dirname, '..', '..');

it('the README diagrams are those npm run diagrams draws from the ASL files', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(readme.match(/<!-- diagram: /g)).toHaveLength(3);
  expect(renderDiagrams(readme, root)).toBe(readme);
});

describe('mermaidFlowchart', () => {
  const chart = mermaidFlowchart({
    StartAt: 'Ask',
    States: {
      Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Next: 'Check', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Oops' }] },
      Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }], Default: 'Oops' },
      Done: { Type: 'Succeed' },
      Oops: { Type: 'Fail', Error: 'E' },
    },
  });

  it('draws every state, with its integration, and every transition', () => {
    expect(chart.split('\n')).toEqual([
      'flowchart TD',
      '  start((start)) --> s0',
      '  s0["Ask<br/>sqs:sendMessage.waitForTaskToken"]',
      '  s1{"Check"}',
      '  s2(["✔ Done"])',
      '  s3(["✘ Oops"])',
      '  s0 --> s1',
      '  s0 -. "catch States.ALL" .-> s3',
      '  s1 -- "$.ok == true" --> s2',
      '  s1 -- "otherwise" --> s3',
      '  s2 --> finish((end))',
      '  s3 --> finish((end))',
    ]);
  });

  it('labels a JSONata rule with its Comment, else with its Condition without the delimiters', () => {
    expect(describeRule({ Comment: 'fail is true', Condition: '{% $settings.fail %}', Next: 'X' })).toBe('fail is true');
    expect(describeRule({ Condition: "{% $type($states.input) != 'object' %}", Next: 'X' })).toBe("$type($states.input) != 'object'");
  });

  it('writes JSONPath Choice rules in words, with Mermaid syntax characters escaped', () => {
    expect(describeRule({ And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.b', NumericLessThan: 3 } }] })).toBe('$.a is present and not $.b < 3');
    expect(mermaidFlowchart({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.t', StringMatches: '{*', Next: 'C' }] } } })).toContain(
      '-- "$.t matches #quot;#123;*#quot;" -->',
    );
  });
});
