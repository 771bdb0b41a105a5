// Package oracle is orgnet's reference model: the rules of who can act
// (docs/questions.md), org health (docs/health.md) and validation (docs/writes.md), restated as
// plain loops and a breadth-first search over an organization in memory.
//
// It is the independent oracle that the randomized tests, the rule cases
// (testdata/rules), seed's demo test and the benchmark's actor counts
// compare orgnet with, so it favours being obviously correct over being
// fast, and it shares no rule with the production code: it reads graph's
// plain model types (graph.Snapshot, graph.Person, …) and nothing else of
// graph — no graph.Apply, Validate, Diff or store. Where it indexes the org
// for speed (teams below a team, mandates over a matter), its self-tests
// check the index against the literal definition.
//
// Readings of clauses the contract leaves open (each repeated where it is used,
// and stated in docs/):
//   - Grants (§2.7, §2.8): one grant per (person, granting mandate). A
//     person-held mandate gives a DIRECT grant with no team; a team-held one
//     a TEAM grant naming the holding team, also when the person's
//     membership is in a team below it, and only once however many teams of
//     desc(team) the person is in. With an amount, only mandates that allow
//     it grant.
//   - Amounts (§2.7): A ≤ lim(X), inclusive; an absent limit allows any
//     amount.
//   - Routes (§2.11): the person—team edges are the direct memberships only
//     (not the team closure of §2.2), so a member of a team below a
//     staffing team is 3 hops away, although they are on the front line
//     (§2.10). A staffing edge to a team exists whether or not the team has
//     active members; a staffing edge to an inactive person does not exist.
//   - layers (§2b): the longest reporting chain p1 → manager → manager …
//     counted in people, using only manager links whose both ends are
//     active: an inactive person breaks the chain in two (A ← inactive B ←
//     C gives chains of 1). 0 when nobody is active.
//   - unitDepth (§2b): the longest root-to-leaf chain of the team forest, in
//     teams, of any kind; 0 with no teams.
//   - spanOfControl (§2b): the count is of ACTIVE direct reports; max is 0
//     and mean/median nil when nobody active has an active report; the
//     median of an even count is the mean of the two middle values.
//   - Health (§2b): everything at T with no amount; frontLineCanAct uses the
//     front line of §2.10; empowerment and strandedVolume sum over every
//     handling of every touchpoint; orphan and single-actor matters range
//     over all matters. Lists are sorted by id (handlings by touchpoint,
//     then matter).
//
// An Org answers questions about a valid organization; on one with a cycle
// of parents, managers or delegations it panics rather than loop. Validate
// checks any organization.
package oracle
