import { InjectionToken, ModuleMetadata, Type } from '@nestjs/common';
import type { SecurityConfig } from '@orion/core';
import type { ApiKeyVerifier } from './api-keys/api-key-verifier';
import type { PermissionChecker } from './permissions/permission-checker';

/** Where the app's implementation of an abstract collaborator comes from. */
export type Implementation<T> = Type<T> | { useExisting: InjectionToken } | { useValue: T };

export interface SecurityModuleOptions {
  /** `config.security` of the ServiceConfig (validated at boot). */
  config: SecurityConfig;
  /**
   * Register the guards for every route (default true), in this order: AccessTokenGuard,
   * ApiKeyGuard, PermissionGuard. Routes then opt out with @Public() or switch with @ApiKeyAuth().
   */
  global?: boolean;
  /** Answers "may this user do this here?"; required by routes with @RequirePermission(). */
  permissionChecker?: Implementation<PermissionChecker>;
  /** Looks up API keys; required by routes with @ApiKeyAuth(). */
  apiKeyVerifier?: Implementation<ApiKeyVerifier>;
  /** Modules that provide what the checker or verifier (or a useExisting token) needs. */
  imports?: ModuleMetadata['imports'];
  /** Tuning of the remote key set; the defaults suit production. */
  jwks?: Partial<JwksOptions>;
}

export interface JwksOptions {
  /** Least time between two fetches triggered by unknown `kid`s: a flood of bad tokens cannot DoS the auth service. */
  cooldownMs: number;
  /** Keys are refetched at least this often even when every `kid` is known. */
  cacheMaxAgeMs: number;
  timeoutMs: number;
}

export const DEFAULT_JWKS_OPTIONS: JwksOptions = {
  cooldownMs: 30_000,
  cacheMaxAgeMs: 600_000,
  timeoutMs: 5_000,
};

export interface ResolvedSecurityOptions extends SecurityConfig {
  jwks: JwksOptions;
}

export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');
