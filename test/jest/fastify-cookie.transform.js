/**
 * Jest runs modules in a vm context without ES module support, and @fastify/cookie 11 loads the
 * ESM-only `cookie` 2 with import(), which Jest refuses. Under Jest only, the plugin gets `cookie`
 * 1.1 instead (CommonJS, with the same parseCookie/stringifySetCookie functions) through require.
 * Node runs the package as shipped.
 */
const { createHash } = require('node:crypto');

const COMMONJS_COOKIE = require.resolve('cookie');
const DYNAMIC_IMPORT = "await import('cookie')";

module.exports = {
  process(source) {
    if (!source.includes(DYNAMIC_IMPORT)) {
      throw new Error(
        '@fastify/cookie no longer loads cookie as expected: review test/jest/fastify-cookie.transform.js',
      );
    }
    return { code: source.replace(DYNAMIC_IMPORT, `require(${JSON.stringify(COMMONJS_COOKIE)})`) };
  },
  getCacheKey(source) {
    return createHash('sha256').update(source).update(COMMONJS_COOKIE).digest('hex');
  },
};
