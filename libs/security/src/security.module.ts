import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard } from './access-token/access-token.guard';
import { AccessTokenVerifier } from './access-token/access-token.verifier';
import { ApiKeyGuard } from './api-keys/api-key.guard';
import { ApiKeyCache } from './api-keys/api-key-cache.store';
import { ApiKeyVerifier } from './api-keys/api-key-verifier';
import { PermissionGuard } from './permissions/permission.guard';
import { PermissionCache } from './permissions/permission-cache.store';
import { PermissionChecker } from './permissions/permission-checker';
import { RecentAuthenticationGuard } from './reauthentication/recent-authentication.guard';
import {
  DEFAULT_JWKS_OPTIONS,
  Implementation,
  ResolvedSecurityOptions,
  SECURITY_OPTIONS,
  SecurityModuleOptions,
} from './security.options';

/**
 * The guards every service shares. Needs REDIS_CLIENT (CoreModule provides it).
 *
 * ```ts
 * SecurityModule.forRoot({
 *   config: config.security,
 *   permissionChecker: RpcPermissionChecker,
 *   apiKeyVerifier: { useExisting: ApiKeyService },
 *   imports: [ApiKeysModule],
 * })
 * ```
 * With `global` (the default) every HTTP route needs an access token unless it is marked
 * @Public() or @ApiKeyAuth(); @RequirePermission() adds a permission check. Without it, use
 * `@UseGuards(AccessTokenGuard, PermissionGuard)` or `@UseGuards(ApiKeyGuard, PermissionGuard)`.
 */
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityModuleOptions): DynamicModule {
    const resolved: ResolvedSecurityOptions = {
      ...options.config,
      jwks: { ...DEFAULT_JWKS_OPTIONS, ...options.jwks },
    };
    const guards = [AccessTokenGuard, ApiKeyGuard, PermissionGuard];
    const providers: Provider[] = [
      { provide: SECURITY_OPTIONS, useValue: resolved },
      AccessTokenVerifier,
      PermissionCache,
      ApiKeyCache,
      RecentAuthenticationGuard,
      ...guards,
    ];
    if (options.permissionChecker) providers.push(implement(PermissionChecker, options.permissionChecker));
    if (options.apiKeyVerifier) providers.push(implement(ApiKeyVerifier, options.apiKeyVerifier));
    // Order matters: authentication first, then the permission check that needs its principal.
    if (options.global ?? true) {
      providers.push(...guards.map((guard) => ({ provide: APP_GUARD, useClass: guard })));
    }
    return {
      module: SecurityModule,
      global: true,
      imports: options.imports ?? [],
      providers,
      exports: [
        SECURITY_OPTIONS,
        AccessTokenVerifier,
        PermissionCache,
        ApiKeyCache,
        RecentAuthenticationGuard,
        ...guards,
      ],
    };
  }
}

function implement<T>(token: abstract new (...args: never[]) => T, source: Implementation<T>): Provider {
  if (typeof source === 'function') return { provide: token, useClass: source };
  if ('useExisting' in source) return { provide: token, useExisting: source.useExisting };
  return { provide: token, useValue: source.useValue };
}
