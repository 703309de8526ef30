import { walkObjects } from './walk';
import { resourcesOfType, type SamTemplate } from './sam-template';

/**
 * A stack's main state machines: those that no other state machine of the stack references (in
 * its DefinitionSubstitutions or inline Definition), so that nothing else starts them. Read from
 * the template alone, so that it works for a deployed stack as for a local one.
 */
export const mainStateMachines = (template: SamTemplate): string[] => {
  const stateMachines = resourcesOfType(template, 'AWS::Serverless::StateMachine');
  const referencedBy = (logicalId: string, other: string): boolean => {
    const properties = template.Resources[other]?.Properties ?? {};
    return [...walkObjects([properties.DefinitionSubstitutions, properties.Definition])].some(([, node]) => {
      const getAtt: unknown = node['Fn::GetAtt'];
      const target: unknown = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
      const sub: unknown = node['Fn::Sub'];
      const subText: unknown = Array.isArray(sub) ? sub[0] : sub;
      return node.Ref === logicalId || target === logicalId || (typeof subText === 'string' && new RegExp(`\\$\\{${logicalId}[.}]`).test(subText));
    });
  };
  return stateMachines
    .map(([logicalId]) => logicalId)
    .filter((logicalId) => !stateMachines.some(([other]) => other !== logicalId && referencedBy(logicalId, other)));
};

/** The output of the stack whose value is the ARN of a state machine (`!Ref` or `!GetAtt .Arn`). */
export const stateMachineArnOutput = (template: SamTemplate, logicalId: string): string | undefined =>
  Object.entries(template.Outputs ?? {}).find(([, output]) => {
    const value = output.Value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | undefined;
    const getAtt = value?.['Fn::GetAtt'];
    return value?.Ref === logicalId || (Array.isArray(getAtt) && getAtt[0] === logicalId && getAtt[1] === 'Arn') || getAtt === `${logicalId}.Arn`;
  })?.[0];
