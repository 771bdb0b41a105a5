package oracle

import "github.com/orgnet/orgnet/graph"

// Merge answers what a MERGE import of put leaves of base (docs/writes.md): every
// entity of put, created or overwritten whole (its own links included),
// then the entities of base that put does not overwrite; put's memberships
// (added, or re-roled), then base's others. Nothing is deleted. Put comes
// first, in its own order, so that a rule put breaks is at the same index
// in the result as in put.
func Merge(base, put *graph.Snapshot) *graph.Snapshot {
	return &graph.Snapshot{
		People:      mergeByID(put.People, base.People, func(p graph.Person) string { return p.ID }),
		Teams:       mergeByID(put.Teams, base.Teams, func(t graph.Team) string { return t.ID }),
		Memberships: mergeByID(put.Memberships, base.Memberships, func(m graph.Membership) string { return m.Person + "\x00" + m.Team }),
		Matters:     mergeByID(put.Matters, base.Matters, func(m graph.Matter) string { return m.ID }),
		Mandates:    mergeByID(put.Mandates, base.Mandates, func(x graph.Mandate) string { return x.ID }),
		Touchpoints: mergeByID(put.Touchpoints, base.Touchpoints, func(tp graph.Touchpoint) string { return tp.ID }),
	}
}

func mergeByID[T any](put, base []T, key func(T) string) []T {
	out := append([]T{}, put...)
	overwritten := map[string]bool{}
	for _, e := range put {
		overwritten[key(e)] = true
	}
	for _, e := range base {
		if !overwritten[key(e)] {
			out = append(out, e)
		}
	}
	return out
}
