import { describe, expect, it } from 'vitest';
import { accessErrors, buildSetupInput, domainError, emailError, manualErrors, nameError, type AccessChoices } from './setupInput';

const choices: AccessChoices = {
  name: 'gatehouse-mcp',
  allowedKind: 'emails',
  emails: ['ada@example.com'],
  domain: '',
  policyId: '',
  refreshTokens: true,
  addOneTimePin: true,
};

describe('setup input', () => {
  it('accepts names the Worker can have and says why others are refused', () => {
    expect(nameError('gatehouse-mcp')).toBeUndefined();
    expect(nameError('a')).toBeUndefined();
    expect(nameError('a'.repeat(63))).toBeUndefined();
    expect(nameError('')).toBe('Give the deployment a name.');
    for (const bad of ['Gatehouse', '-lead', 'has space', 'under_score', 'a'.repeat(64)]) expect(nameError(bad)).toMatch(/lowercase/);
  });

  it('checks email addresses and refuses duplicates', () => {
    expect(emailError(' Ada@Example.com ', [])).toBeUndefined();
    expect(emailError('ada@example.com', ['ada@example.com'])).toMatch(/already/);
    expect(emailError('ada', [])).toMatch(/not an email/);
    expect(emailError('ada@localhost', [])).toMatch(/not an email/);
    expect(emailError('  ', [])).toMatch(/Type/);
  });

  it('checks domains, allowing a leading @', () => {
    expect(domainError('example.com')).toBeUndefined();
    expect(domainError('@Example.co.uk')).toBeUndefined();
    expect(domainError('example')).toMatch(/not a domain/);
    expect(domainError('')).toMatch(/Type/);
  });

  it('needs the fields of the chosen kind only', () => {
    expect(accessErrors(choices)).toEqual({});
    expect(accessErrors({ ...choices, emails: [] })).toEqual({ emails: 'Add at least one email address.' });
    expect(accessErrors({ ...choices, allowedKind: 'domain' }).domain).toBeDefined();
    expect(accessErrors({ ...choices, allowedKind: 'existing_policy' })).toEqual({ policyId: 'Choose a policy.' });
    expect(accessErrors({ ...choices, name: 'Bad Name' }).name).toBeDefined();
  });

  it('needs every manual value, and an http(s) discovery URL', () => {
    expect(manualErrors({ clientId: '', clientSecret: '', discoveryUrl: '' })).toEqual({
      clientId: 'Paste the Client ID.',
      clientSecret: 'Paste the Client secret.',
      discoveryUrl: 'Paste the Configuration endpoint.',
    });
    expect(manualErrors({ clientId: 'id', clientSecret: 's', discoveryUrl: 'team.cloudflareaccess.com' }).discoveryUrl).toMatch(/https/);
    expect(manualErrors({ clientId: 'id', clientSecret: 's', discoveryUrl: 'https://t.cloudflareaccess.com/x' })).toEqual({});
  });

  it('builds the SetupInput the core expects for each path', () => {
    const manual = { clientId: ' cid ', clientSecret: 'sec', discoveryUrl: ' https://t.example/.well-known/openid-configuration ' };
    expect(buildSetupInput('automatic', 'acc', { ...choices, allowedKind: 'domain', domain: '@Example.com' }, manual)).toEqual({
      name: 'gatehouse-mcp',
      accountId: 'acc',
      access: { mode: 'automatic', allowed: { kind: 'domain', domain: 'example.com' }, refreshTokens: true, addOneTimePin: true },
    });
    expect(buildSetupInput('manual', 'acc', choices, manual)).toEqual({
      name: 'gatehouse-mcp',
      accountId: 'acc',
      access: { mode: 'manual', clientId: 'cid', clientSecret: 'sec', discoveryUrl: 'https://t.example/.well-known/openid-configuration' },
    });
  });
});
