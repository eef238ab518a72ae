import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as contracts from './index';
import { CommandContract, defineCommand, EventContract } from './contract';

type AnyContract = CommandContract<unknown, unknown> | EventContract<unknown>;

const all = (Object.values(contracts) as unknown[]).filter(
  (value): value is AnyContract =>
    typeof value === 'object' &&
    value !== null &&
    ['command', 'event'].includes(String((value as AnyContract).kind)),
);
const nameOf = (contract: AnyContract) => (contract.kind === 'command' ? contract.pattern : contract.name);

const errorsOf = (type: new () => object, plain: object) =>
  validateSync(plainToInstance(type, plain), { whitelist: true, forbidNonWhitelisted: true }).map(
    (e) => e.property,
  );

describe('contracts', () => {
  it('gives every message a unique, versioned name', () => {
    const names = all.map(nameOf);
    expect(names.length).toBeGreaterThanOrEqual(9);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/\.v\d+$/);
  });

  it('declares the allowed senders of every command', () => {
    const commands = all.filter((contract) => contract.kind === 'command').map(nameOf);
    const undeclared = commands.filter((pattern) => !contracts.COMMAND_SENDERS[pattern]?.length);
    expect(undeclared).toEqual([]);
  });

  it('refuses a name without an owner or a version', () => {
    class Empty {}
    expect(() => defineCommand('check', Empty)).toThrow('owner.subject.verb.v1');
    expect(() => defineCommand('user.permissions.check', Empty)).toThrow('owner.subject.verb.v1');
  });

  it('validates a permission check as strictly as an HTTP body', () => {
    const { CheckPermissionRequest } = contracts;
    const valid = {
      userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      permission: 'users:read',
      scope: 'ORG',
      scopeId: 'o1',
    };
    expect(errorsOf(CheckPermissionRequest, valid)).toEqual([]);
    expect(
      errorsOf(CheckPermissionRequest, {
        ...valid,
        permission: 'users',
        scope: 'PLANET',
        admin: true,
      }).sort(),
    ).toEqual(['admin', 'permission', 'scope']);
  });

  it('names one queue per notification priority', () => {
    expect(Object.keys(contracts.NOTIFICATION_QUEUES)).toEqual(['urgent', 'high', 'normal', 'low']);
  });
});
