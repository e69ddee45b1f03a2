/**
 * Jest (on Node 20) cannot `require()` an ES module, which Node itself can. A few CommonJS packages
 * (@nestjs/throttler) require NestJS 12, which is ESM-only: their `require('@nestjs/...')` calls are
 * pointed at the very ES modules the tests already imported (see esm-for-cjs.setup.ts), so classes
 * such as Reflector stay one and the same.
 */
const ESM_PACKAGES = ['@nestjs/common', '@nestjs/core'];

module.exports = {
  process(source) {
    let code = source;
    for (const name of ESM_PACKAGES) {
      code = code.split(`require("${name}")`).join(`globalThis.__esmForCjs[${JSON.stringify(name)}]`);
    }
    return { code };
  },
};
