package graph

// ComposeSteps is the net change of changes applied one after another:
// applied to an org in one go, it leaves what applying them in order
// leaves, when each was valid in its turn. That is how a scenario is laid
// over the live org (and applied to it) in one write, however many steps
// it has.
//
// Each change is taken as a scenario step is (docs/scenarios.md): its puts
// first, then its removals. An entity's last put or removal decides it:
// put whole, or removed. A person or team removed and later put again
// loses its earlier memberships: the net change both removes and puts it
// (Apply drops the memberships of a removed entity and keeps the put one).
// A membership's last put or removal, its person's or team's removal
// included, decides it.
//
// The net change's removals name everything the changes leave removed,
// whether or not it exists in the org it is applied to (an entity a step
// created and a later step removed does not); KeepExisting drops those
// that do not.
func ComposeSteps(changes []Change) Change {
	people := newNet[Person]()
	teams := newNet[Team]()
	matters := newNet[Matter]()
	mandates := newNet[Mandate]()
	touchpoints := newNet[Touchpoint]()
	var memberOrder []MembershipKey
	members := map[MembershipKey]*Membership{}
	setMember := func(k MembershipKey, m *Membership) {
		if _, seen := members[k]; !seen {
			memberOrder = append(memberOrder, k)
		}
		members[k] = m
	}
	for _, c := range changes {
		for _, p := range c.Put.People {
			people.put(p.ID, p)
		}
		for _, t := range c.Put.Teams {
			teams.put(t.ID, t)
		}
		for _, m := range c.Put.Matters {
			matters.put(m.ID, m)
		}
		for _, x := range c.Put.Mandates {
			mandates.put(x.ID, x)
		}
		for _, tp := range c.Put.Touchpoints {
			touchpoints.put(tp.ID, tp)
		}
		for _, m := range c.Put.Memberships {
			setMember(m.Key(), &m)
		}
		gonePeople, goneTeams := map[string]bool{}, map[string]bool{}
		for _, id := range c.Remove.People {
			people.remove(id)
			gonePeople[id] = true
		}
		for _, id := range c.Remove.Teams {
			teams.remove(id)
			goneTeams[id] = true
		}
		for _, id := range c.Remove.Matters {
			matters.remove(id)
		}
		for _, id := range c.Remove.Mandates {
			mandates.remove(id)
		}
		for _, id := range c.Remove.Touchpoints {
			touchpoints.remove(id)
		}
		for _, k := range memberOrder {
			if gonePeople[k.Person] || goneTeams[k.Team] {
				members[k] = nil
			}
		}
		for _, m := range c.Remove.Memberships {
			setMember(m.Key(), nil)
		}
	}

	var net Change
	net.Put.People, net.Remove.People = people.result(true)
	net.Put.Teams, net.Remove.Teams = teams.result(true)
	net.Put.Matters, net.Remove.Matters = matters.result(false)
	net.Put.Mandates, net.Remove.Mandates = mandates.result(false)
	net.Put.Touchpoints, net.Remove.Touchpoints = touchpoints.result(false)
	for _, k := range memberOrder {
		if m := members[k]; m != nil {
			net.Put.Memberships = append(net.Put.Memberships, *m)
		} else {
			net.Remove.Memberships = append(net.Remove.Memberships, Membership{Person: k.Person, Team: k.Team})
		}
	}
	return net
}

// Removals lists what c removes, memberships by MembershipID.
func (c Change) Removals() []EntityKey {
	var out []EntityKey
	add := func(t EntityType, ids []string) {
		for _, id := range ids {
			out = append(out, EntityKey{t, id})
		}
	}
	add(EntityPerson, c.Remove.People)
	add(EntityTeam, c.Remove.Teams)
	add(EntityMatter, c.Remove.Matters)
	add(EntityMandate, c.Remove.Mandates)
	add(EntityTouchpoint, c.Remove.Touchpoints)
	for _, m := range c.Remove.Memberships {
		out = append(out, EntityKey{EntityMembership, MembershipID(m.Person, m.Team)})
	}
	return out
}

// KeepExisting is c with only the removals of entities exists holds.
func (c Change) KeepExisting(exists map[EntityKey]bool) Change {
	keep := func(t EntityType, ids []string) []string {
		var out []string
		for _, id := range ids {
			if exists[EntityKey{t, id}] {
				out = append(out, id)
			}
		}
		return out
	}
	r := c.Remove
	c.Remove = Removal{
		People: keep(EntityPerson, r.People), Teams: keep(EntityTeam, r.Teams), Matters: keep(EntityMatter, r.Matters),
		Mandates: keep(EntityMandate, r.Mandates), Touchpoints: keep(EntityTouchpoint, r.Touchpoints),
	}
	for _, m := range r.Memberships {
		if exists[EntityKey{EntityMembership, MembershipID(m.Person, m.Team)}] {
			c.Remove.Memberships = append(c.Remove.Memberships, m)
		}
	}
	return c
}

// net follows one entity type through a list of changes: its last put or
// removal by id, in the order ids were first named.
type net[T any] struct {
	order   []string
	last    map[string]*T // nil: removed
	removed map[string]bool
}

func newNet[T any]() *net[T] {
	return &net[T]{last: map[string]*T{}, removed: map[string]bool{}}
}

func (n *net[T]) put(id string, v T) {
	if _, seen := n.last[id]; !seen {
		n.order = append(n.order, id)
	}
	n.last[id] = &v
}

func (n *net[T]) remove(id string) {
	if _, seen := n.last[id]; !seen {
		n.order = append(n.order, id)
	}
	n.last[id] = nil
	n.removed[id] = true
}

// result is what to put and what to remove. With memberships (people,
// teams), an entity removed and put again is both.
func (n *net[T]) result(memberships bool) (put []T, remove []string) {
	for _, id := range n.order {
		v := n.last[id]
		if v != nil {
			put = append(put, *v)
		}
		if v == nil || (memberships && n.removed[id]) {
			remove = append(remove, id)
		}
	}
	return put, remove
}
