"""What the OpenAPI schema says beyond drf-spectacular's defaults: public reads, and the errors each operation can answer.

An operation that anonymous clients may call is declared with no security requirement at all
(drf-spectacular lists ``{}`` among the options, which Swagger UI draws as a lock and generated
clients read as "credentials required"). Every operation can answer 400 (a NUL character, a
filter the API cannot use) and 429 (throttled); one with a path parameter or pages can answer
404; one that needs credentials, 401 and 403. A generated client, and Schemathesis, find each of
them in the schema.
"""

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "description": "`detail` says what is wrong; a refused filter is named, with its messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERRORS = {
    "400": "A value the API cannot use: the message names it and the accepted values.",
    "401": "No credentials, or a token that does not exist.",
    "403": "The user lacks the permission.",
    "404": "No such record, or a page past the last.",
    "429": "Too many requests from this client; `Retry-After` says when to try again.",
}


class PublicReadsSchema(AutoSchema):
    def get_auth(self):
        requirements = super().get_auth()
        return [] if {} in requirements else requirements


def error_responses(result, generator, request, public):
    """Postprocessing hook: adds the error responses of every operation to the schema."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result["paths"].items():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            codes = ["400", "429"]
            if "{" in path or any(p["name"] == "page" for p in parameters):
                codes.append("404")
            if operation.get("security"):
                codes += ["401", "403"]
            for code in codes:
                operation["responses"].setdefault(code, {"description": ERRORS[code], "content": reference})
    return result
