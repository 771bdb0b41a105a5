package store

// Queries names the Cypher of each question of SPEC §2 and §2b by its
// GraphQL field, for tools that ask the database without the service, such
// as the benchmark's raw-driver comparison. Each question is one query but
// orgHealth, which is three sent in one read transaction. The parameters
// are those each query's comment names: $at (a DATETIME) and $amount (a
// float or null) for all of them, and whoCanAct: $matterIds (a list);
// canAct: $personId, $matterId; actionableMatters: $personId;
// customerDistance: $touchpointId, $matterId, $tieWindow
// (CustomerDistanceTieWindow).
var Queries = map[string][]string{
	"whoCanAct":         {whoCanActQuery},
	"canAct":            {canActQuery},
	"actionableMatters": {actionableMattersQuery},
	"customerDistance":  {customerDistanceQuery},
	"orgHealth":         {healthHandlingsQuery, healthMattersQuery, healthStructureQuery},
}

// CustomerDistanceTieWindow is the $tieWindow customerDistance is asked
// with; see customerDistanceQuery.
const CustomerDistanceTieWindow = tieWindow
