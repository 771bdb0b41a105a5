// Command orgnet is the org network graph service and its tools:
//
//	orgnet serve                          the GraphQL service (SPEC §5)
//	orgnet neo4j --port P --data DIR      the project's local Neo4j, in the foreground
//	orgnet import [--mode merge|replace] FILE
//	orgnet export                         the org as a snapshot, on standard output
//	orgnet synth --people N --seed S      a synthetic org snapshot, on standard output
//	orgnet token create|list|revoke       API tokens (docs/access.md)
//
// Configuration comes from the environment: NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD (the database; without NEO4J_URI orgnet runs its own local
// Neo4j), ORGNET_ADDR (listen address, default 127.0.0.1:8080) and the
// ORGNET_* variables listed by `orgnet help`.
package main

import (
	"fmt"
	"os"
)

const usage = `usage: orgnet <command> [flags]

commands:
  serve     serve GraphQL at http://$ORGNET_ADDR/graphql (default 127.0.0.1:8080)
  neo4j     run the project's local Neo4j in the foreground
  import    write a snapshot file into the database
  export    print the database's org as a snapshot
  synth     print a synthetic org snapshot
  token     create, list or revoke API tokens: token create --name NAME --role ROLE

environment:
  NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE
                     the database; without NEO4J_URI orgnet starts its own local Neo4j
  ORGNET_ADDR        listen address of serve (default 127.0.0.1:8080)
  ORGNET_DEMO        load the demo organization into an empty database (default true)
  ORGNET_NEO4J_PORT  Bolt port of the local Neo4j (default 7687)
  ORGNET_NEO4J_DATA  data folder of the local Neo4j (default $ORGNET_CACHE/neo4j-data)
  ORGNET_NEO4J_HEAP  JVM heap of the local Neo4j (default 2g)
  ORGNET_CACHE       where Neo4j's jars are cached (default: the user cache folder)
  ORGNET_LOG_LEVEL   debug, info, warn or error (default info)
  ORGNET_AUTH        auto (tokens or OIDC; local mode on loopback without either) or off
  ORGNET_OIDC_ISSUER, ORGNET_OIDC_AUDIENCE, ORGNET_OIDC_JWKS, ORGNET_OIDC_ROLES_CLAIM, ORGNET_OIDC_CLIENT_ID
                     accept OIDC access tokens (docs/access.md)
  ORGNET_CORS_ORIGINS, ORGNET_INTROSPECTION, ORGNET_TRUSTED_DOCUMENTS, ORGNET_RATE
                     and the limits and timeouts: docs/access.md
  OTEL_EXPORTER_OTLP_ENDPOINT  export traces over OTLP/HTTP
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "serve":
		err = serve(args)
	case "neo4j":
		err = runNeo4j(args)
	case "import":
		err = importFile(args)
	case "export":
		err = export(args)
	case "synth":
		err = synth(args)
	case "token":
		err = token(args)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "orgnet: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "orgnet:", err)
		os.Exit(1)
	}
}
