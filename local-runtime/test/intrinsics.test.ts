import { UnsupportedFeatureError, TemplateError } from '../errors';
import { resolveValue, type ResolutionScope } from '../template/intrinsics';

const scope: ResolutionScope = {
  file: 'template.yaml',
  parameters: { Email: '', Stage: 'dev', 'AWS::Region': 'us-east-1', 'AWS::StackName': 'demo' },
  conditions: { HasEmail: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Email' }, ''] }] }, IsDev: { 'Fn::Equals': ['dev', { Ref: 'Stage' }] } },
  ref: (id) => ({ Queue: 'https://queue', Topic: 'arn:topic' })[id],
  getAtt: (id, attribute) => (id === 'Queue' && attribute === 'Arn' ? 'arn:queue' : undefined),
};
const resolve = (node: unknown): unknown => resolveValue(node, scope, 'Resources.X');

describe('resolveValue', () => {
  it('resolves Ref to parameters, pseudo parameters and resources', () => {
    expect(resolve({ a: { Ref: 'Stage' }, b: { Ref: 'AWS::Region' }, c: { Ref: 'Queue' } })).toEqual({ a: 'dev', b: 'us-east-1', c: 'https://queue' });
  });

  it('resolves Fn::GetAtt in both forms and Fn::Sub with references, attributes, variables and ${!literals}', () => {
    expect(resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('arn:queue');
    expect(resolve({ 'Fn::GetAtt': 'Queue.Arn' })).toBe('arn:queue');
    expect(resolve({ 'Fn::Sub': '${AWS::StackName}-${Stage}/${Queue.Arn}/${!Literal}' })).toBe('demo-dev/arn:queue/${Literal}');
    expect(resolve({ 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Topic' } }] })).toBe('arn:topic-x');
  });

  it('evaluates conditions, Fn::If and AWS::NoValue', () => {
    expect(resolve({ 'Fn::If': ['IsDev', 'yes', 'no'] })).toBe('yes');
    expect(resolve({ kept: 1, dropped: { 'Fn::If': ['HasEmail', 'x', { Ref: 'AWS::NoValue' }] } })).toEqual({ kept: 1 });
    expect(resolve([1, { Ref: 'AWS::NoValue' }, 2])).toEqual([1, 2]);
  });

  it('joins and selects', () => {
    expect(resolve({ 'Fn::Join': ['-', ['a', { Ref: 'Stage' }]] })).toBe('a-dev');
    expect(resolve({ 'Fn::Select': [1, ['a', 'b']] })).toBe('b');
  });

  it('refuses what it does not know, by name', () => {
    expect(() => resolve({ 'Fn::ImportValue': 'x' })).toThrow(UnsupportedFeatureError);
    expect(() => resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Resources\.X: Fn::ImportValue is not supported/);
    expect(() => resolve({ Ref: 'Nothing' })).toThrow(TemplateError);
    expect(() => resolve({ 'Fn::GetAtt': ['Topic', 'Nope'] })).toThrow(/Fn::GetAtt Topic\.Nope/);
    expect(() => resolve({ 'Fn::If': ['NoSuchCondition', 1, 2] })).toThrow(/unknown condition 'NoSuchCondition'/);
  });
});
