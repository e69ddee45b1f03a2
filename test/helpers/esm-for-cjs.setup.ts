import * as nestCommon from '@nestjs/common';
import * as nestCore from '@nestjs/core';

/** The ES modules that CommonJS dependencies require, for esm-for-cjs.transform.cjs. */
(globalThis as Record<string, unknown>).__esmForCjs = {
  '@nestjs/common': nestCommon,
  '@nestjs/core': nestCore,
};
