package store

import (
	"fmt"

	"github.com/orgnet/orgnet/graph"
)

// Queries names the Cypher of each question of docs/questions.md and docs/health.md by its
// GraphQL field, for tools that ask the database without the service, such
// as the benchmark's raw-driver comparison. Each question is one query but
// orgHealth, whose Cypher is the reading of the org it is computed over
// (graph.Net; one more query reads the people its answer names, left out
// here). The parameters
// are those each query's comment names: $at (a DATETIME) and $amount (a
// float or null) for all of them, and whoCanAct: $matterIds (a list);
// canAct: $personId, $matterId; actionableMatters: $personId;
// customerDistance: $touchpointId, $matterId, $tieWindow
// (CustomerDistanceTieWindow); the connections also $after, $limit (one
// more than the page).
var Queries = map[string][]string{
	"whoCanAct":                   {whoCanActQuery},
	"whoCanActConnection":         {whoCanActPageQuery},
	"actionableMattersConnection": {actionableMattersPageQuery},
	"canAct":                      {canActQuery},
	"actionableMatters":           {actionableMattersQuery},
	"customerDistance":            {customerDistanceQuery},
	"orgHealth":                   {readOrgLeanQuery},
}

// CustomerDistanceTieWindow is the $tieWindow customerDistance is asked
// with; see customerDistanceQuery.
const CustomerDistanceTieWindow = tieWindow

// readQueries names every read query the store sends, fully assembled, by
// the name it has in the code. testdata/<name>.cypher shows each as Neo4j
// receives it, and TestGoldenQueries holds the two equal: a change to a
// query, or to a fragment several share, reads in review as a diff of every
// query it changes. A new read query joins this list; go test ./graph/store
// -run TestGoldenQueries -update writes its file.
var readQueries = map[string]string{
	// The questions of docs/questions.md and docs/health.md.
	"whoCanActQuery":             whoCanActQuery,
	"whoCanActPageQuery":         whoCanActPageQuery,
	"canActQuery":                canActQuery,
	"actionableMattersQuery":     actionableMattersQuery,
	"actionableMattersPageQuery": actionableMattersPageQuery,
	"customerDistanceQuery":      customerDistanceQuery,
	"mandateStatusQuery":         mandateStatusQuery,

	// Entities by id, and what they link to.
	"peopleByID":         peopleByID,
	"teamsByID":          teamsByID,
	"mattersByID":        mattersByID,
	"mandatesByID":       mandatesByID,
	"touchpointsByID":    touchpointsByID,
	"holdersQuery":       holdersQuery,
	"staffingQuery":      staffingQuery,
	"escalatedFromQuery": escalatedFromQuery,
	"handledAtQuery":     handledAtQuery,
	"membershipQuery":    membershipQuery,
	"managersQuery":      managersQuery,

	// Connections from a parent (docs/api.md §4).
	"reportsLink":            reportsLink.query(),
	"personMembershipsLink":  personMembershipsLink.query(),
	"personMandatesLink":     personMandatesLink.query(),
	"personMandatesOverLink": personMandatesOverLink.query(),
	"teamChildrenLink":       teamChildrenLink.query(),
	"teamMembersLink":        teamMembersLink.query(),
	"teamMembersManagedLink": teamMembersManagedLink.query(),
	"teamMandatesLink":       teamMandatesLink.query(),
	"matterChildrenLink":     matterChildrenLink.query(),
	"matterMandatesLink":     matterMandatesLink.query(),
	"delegationsLink":        delegationsLink.query(),
	"frontLineLink":          frontLineLink.query(),

	// Top-level lists, filtered and not.
	"peopleList":                 peopleList.query(),
	"peopleList.unfiltered":      peopleList.unfilteredQuery(),
	"teamsList":                  teamsList.query(),
	"teamsList.unfiltered":       teamsList.unfilteredQuery(),
	"mattersList":                mattersList.query(),
	"mattersList.unfiltered":     mattersList.unfilteredQuery(),
	"mandatesList":               mandatesList.query(),
	"mandatesList.unfiltered":    mandatesList.unfilteredQuery(),
	"touchpointsList":            touchpointsList.query(),
	"touchpointsList.unfiltered": touchpointsList.unfilteredQuery(),

	// The whole org, for the snapshot export and every write's validation.
	"readPeople":       readPeople,
	"readPeopleLean":   readPeopleLean,
	"readOrgLeanQuery": readOrgLeanQuery,
	"readTeams":        readTeams,
	"readMemberships":  readMemberships,
	"readMatters":      readMatters,
	"readMandates":     readMandates,
	"readTouchpoints":  readTouchpoints,

	// The directory identity tools read (SCIM), each with a filter as a
	// client's compiles: an Okta-style userName lookup, a membership test.
	"directoryPeople":   sampleDirectoryQuery(directoryPeople, graph.And(graph.Compare(graph.FieldPersonUserName, graph.CompareEq, "Ann@example.com", true), graph.Not(graph.Present(graph.FieldPersonTitle)))),
	"directoryTeams":    sampleDirectoryQuery(directoryTeams, graph.Or(graph.Compare(graph.FieldTeamName, graph.CompareStartsWith, "Ops", true), graph.AnyMember(graph.Compare(graph.FieldMemberPerson, graph.CompareNe, "p1", false)))),
	"teamMembershipsOf": teamMembershipsOf,

	// Scenarios (docs/scenarios.md): the stored scenarios, the live state
	// of what their steps name (a comparison reads each side as orgHealth
	// does).
	"scenariosByID":     scenariosByID,
	"listScenarios":     listScenarios,
	"entityStatesQuery": entityStatesQuery,
	// Their own small writes, which the golden files show as well.
	"createScenario":       createScenario,
	"appendScenarioStep":   appendScenarioStep,
	"dropLastScenarioStep": dropLastScenarioStep,
	"discardScenario":      discardScenario,
	"markScenarioApplied":  markScenarioApplied,

	// What a small write reads instead of the whole org.
	"neighborhoodQuery": neighborhoodQuery,
	"orgSizeQuery":      orgSizeQuery,

	// The service's own state.
	"isEmptyQuery":     isEmptyQuery,
	"schemaReadyQuery": schemaReadyQuery,

	// API tokens (tokens.go; issuing and revoking are one-node writes,
	// shown here beside the reads of the same records) and the
	// transactions of a request (request.go).
	"tokenByIDQuery":             tokenByIDQuery,
	"tokensQuery":                tokensQuery,
	"anyTokenQuery":              anyTokenQuery,
	"createTokenQuery":           createTokenQuery,
	"revokeTokenQuery":           revokeTokenQuery,
	"transactionsOfRequestQuery": transactionsOfRequestQuery,

	// The change log (docs/changes.md): the version, idempotency keys,
	// held writes, what a revert reads.
	"readOrgVersion":      readOrgVersion,
	"findIdempotencyKey":  findIdempotencyKey,
	"countActivePeople":   countActivePeople,
	"listPendingWrites":   listPendingWrites,
	"readPendingWrite":    readPendingWrite,
	"changeVersion":       changeVersion,
	"allEntries":          allEntries,
	"listChanges":         listChanges,
	"listChangesOfEntity": listChangesOfEntity,
	"changesByID":         changesByID,
	"changesAfter":        changesAfter,
	"entriesPage":         entriesPage,

	// The org at an instant (export.go).
	"exportState":  exportState,
	"versionAt":    versionAt,
	"entriesSince": entriesSince,

	// The shared request rate buckets (ratebuckets.go), one-node writes
	// like the tokens'.
	"leaseRateQuery":        leaseRateQuery,
	"sweepRateBucketsQuery": sweepRateBucketsQuery,
}

func init() {
	// The export's sections, and the version stamps by label.
	for _, sec := range exportSections {
		readQueries["export."+sec.name] = sec.cypher
	}
	for label, cypher := range entityVersions {
		readQueries["versions."+label] = cypher
	}
}

// sampleDirectoryQuery is a directory query with f compiled into it.
func sampleDirectoryQuery(query string, f graph.Filter) string {
	c, err := compileFilter(&f)
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf(query, c.where)
}

// writeStatements names every statement of the write side (write.go,
// writeplan.go and the change log's files), fully assembled, as
// readQueries names the reads; testdata/<name>.cypher shows each.
var writeStatements = func() map[string]string {
	out := map[string]string{
		// The write transaction of docs/changes.md.
		"lockOrg":            lockOrg,
		"saveIdempotencyKey": saveIdempotencyKey,
		"recordChangeNode":   recordChangeNode,
		"recordEntryBlocks":  recordEntryBlocks,
		"bumpVersion":        bumpVersion,
		"holdWrite":          holdWrite,
		"holdWriteParts":     holdWriteParts,
		"dropPendingWrite":   dropPendingWrite,
		// The schema.
		"createOrgState": createOrgState,
		// Retention (retention.go).
		"markHistoryHorizon": markHistoryHorizon,
		"pruneEntries":       pruneEntries,
		"pruneKeys":          pruneKeys,
		"pruneChanges":       pruneChanges,
	}
	// The plan's statements, in writeplan.go's order.
	for _, st := range planStatements {
		out[st.name] = st.cypher
		if st.bulk != "" {
			out[st.name+"ByScan"] = st.bulk
		}
	}
	return out
}()
