import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../errors.ts";
import { toAppError } from "./error-handler.ts";

describe("toAppError", () => {
  it("keeps an AppError as it is", () => {
    const error = new AppError("CONFLICT");
    assert.equal(toAppError(error), error);
  });
  it("maps Fastify's body errors to stable codes", () => {
    assert.equal(toAppError({ code: "FST_ERR_CTP_INVALID_JSON_BODY", statusCode: 400 }).code, "INVALID_JSON");
    assert.equal(toAppError({ code: "FST_ERR_CTP_BODY_TOO_LARGE", statusCode: 413 }).status, 413);
  });
  it("names the offending fields of a validation error", () => {
    const error = toAppError({
      validation: [{ keyword: "required", instancePath: "", params: { missingProperty: "receiptNumber" } }],
      validationContext: "body",
      message: "x",
    });
    assert.equal(error.code, "INVALID_INPUT");
    assert.deepEqual(error.fields, [{ field: "/receiptNumber", messageKey: "validation.required" }]);
  });
  it("turns anything unexpected into INTERNAL", () => {
    assert.equal(toAppError(new TypeError("boom")).code, "INTERNAL");
  });
});
