import Foundation

/// Checks JSON and YAML documents against a JSON Schema (Draft 2020-12) with Python's `jsonschema` (Debian:
/// python3-jsonschema, and python3-yaml for YAML): a protocol's steps against docs/scenario.schema.json, a result
/// against docs/result.schema.json.
public enum SchemaCheck {
    /// Python or one of its modules is missing.
    public struct MissingTool: Error, CustomStringConvertible {
        /// What the interpreter said.
        public let description: String
    }

    /// Validates each of `documents` (`.yaml`/`.yml` files are read as YAML, others as JSON) against the schema
    /// at `schema`, after checking the schema itself. Status 0 when every document is valid; otherwise `output`
    /// has a line `invalid: FILE POINTER MESSAGE` per problem (at most 10 per document), with the reasons of a
    /// failed `oneOf`/`anyOf` indented below it.
    public static func run(schema: String, documents: [String]) throws -> (status: Int32, output: String) {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            bad = 0
            for path in sys.argv[2:]:
                if path.endswith((".yaml", ".yml")):
                    import yaml
                    document = yaml.safe_load(open(path))
                else:
                    document = json.load(open(path))
                errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
                for error in errors[:10]:
                    print("invalid:", path, "/".join(map(str, error.absolute_path)), error.message[:300])
                    for sub in (error.context or [])[:6]:
                        print("  ", sub.message[:200])
                bad += len(errors)
            sys.exit(1 if bad else 0)
            """
        let (status, output) = try commandOutput(["python3", "-c", script, schema] + documents)
        if output.contains("No module named") || status == 127 {
            throw MissingTool(
                description: "python3 with jsonschema (and yaml) is required (Debian: python3-jsonschema "
                    + "python3-yaml): \(output)"
            )
        }
        return (status, output)
    }

    /// The problems of one document, empty when it is valid.
    public static func problems(schema: String, document: String) throws -> String {
        let outcome = try run(schema: schema, documents: [document])
        return outcome.status == 0 ? "" : outcome.output
    }
}
