// Package web holds the planner web app and the GraphiQL page that orgnet
// serves, built into the binary: dist/ is the bundle `go generate ./web`
// makes from src/ with esbuild (see docs/web.md), committed so that
// building orgnet needs neither Node nor a network.
package web

import "embed"

//go:generate go run ./build

// Dist is the built bundle: index.html (the app), graphiql.html and assets/.
//
//go:embed dist
var Dist embed.FS
