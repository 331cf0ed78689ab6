import { testConfig } from "../../src/config.ts";
import { fieldCipherFor } from "../../src/platform/crypto/field-cipher.ts";

/** The cipher test apps use (the test configuration's fixed key), for seeding and checking data. */
export const testCipher = fieldCipherFor(testConfig());
