package resolvers

import (
	"fmt"
	"strings"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// The input types mirror the snapshot JSON; these turn them into the model,
// noting times that do not parse. Every other rule is graph.Validate's.

type inputProblems []graph.Problem

func (ps *inputProblems) time(path string, s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := graph.ParseTime(*s)
	if err != nil {
		*ps = append(*ps, graph.Problem{Path: path, Message: err.Error()})
		return nil
	}
	return &t
}

func personIn(in *PersonInput) graph.Person {
	active := true
	if in.Active != nil {
		active = *in.Active
	}
	return graph.Person{ID: in.ID, Name: in.Name, Email: in.Email, Title: in.Title, Manager: in.Manager, Active: active,
		UserName: in.UserName, ExternalID: in.ExternalID}
}

func teamIn(in *TeamInput) graph.Team {
	return graph.Team{ID: in.ID, Name: in.Name, Kind: graph.TeamKind(in.Kind), Parent: in.Parent, ExternalID: in.ExternalID}
}

func membershipIn(in *MembershipInput) graph.Membership {
	return graph.Membership{Person: in.Person, Team: in.Team, Role: graph.MembershipRole(in.Role)}
}

func matterIn(in *MatterInput) graph.Matter {
	return graph.Matter{ID: in.ID, Name: in.Name, Parent: in.Parent}
}

func holderIn(in *HolderInput) graph.Holder {
	if in == nil {
		return graph.Holder{}
	}
	return graph.Holder{Type: graph.HolderType(in.Type), ID: in.ID}
}

func (ps *inputProblems) mandate(path string, in *MandateInput) graph.Mandate {
	return graph.Mandate{ID: in.ID, Name: in.Name, Matter: in.Matter, Holder: holderIn(in.Holder), Limit: in.Limit,
		DelegatedFrom: in.DelegatedFrom, ValidFrom: ps.time(path+".validFrom", in.ValidFrom), ValidUntil: ps.time(path+".validUntil", in.ValidUntil)}
}

func touchpointIn(in *TouchpointInput) graph.Touchpoint {
	tp := graph.Touchpoint{ID: in.ID, Name: in.Name, Channel: graph.Channel(in.Channel), SelfService: in.SelfService != nil && *in.SelfService,
		EscalatesTo: in.EscalatesTo}
	for _, h := range in.StaffedBy {
		tp.StaffedBy = append(tp.StaffedBy, holderIn(h))
	}
	for _, h := range in.Handles {
		tp.Handles = append(tp.Handles, graph.Handling{Matter: h.Matter, Volume: h.Volume, SelfServiceRate: h.SelfServiceRate})
	}
	return tp
}

// snapshotIn turns the GraphQL snapshot into the model, with the paths of
// any times that do not parse.
func snapshotIn(in OrgSnapshotInput) (*graph.Snapshot, inputProblems) {
	var ps inputProblems
	s := &graph.Snapshot{}
	for _, p := range in.People {
		s.People = append(s.People, personIn(p))
	}
	for _, t := range in.Teams {
		s.Teams = append(s.Teams, teamIn(t))
	}
	for _, m := range in.Memberships {
		s.Memberships = append(s.Memberships, membershipIn(m))
	}
	for _, m := range in.Matters {
		s.Matters = append(s.Matters, matterIn(m))
	}
	for i, m := range in.Mandates {
		s.Mandates = append(s.Mandates, ps.mandate(fmt.Sprintf("mandates[%d]", i), m))
	}
	for _, t := range in.Touchpoints {
		s.Touchpoints = append(s.Touchpoints, touchpointIn(t))
	}
	return s, ps
}

// asInput renames the problems of a one-entity write so their paths point
// into the mutation's arguments: "people[0].manager" becomes
// "input.manager", "remove.people[0]" becomes "id".
func asInput(err error, section string) error {
	bad, ok := err.(*graph.Error)
	if !ok || bad.Code != graph.CodeBadInput {
		return err
	}
	renamed := make([]graph.Problem, len(bad.Problems))
	for i, p := range bad.Problems {
		switch {
		case strings.HasPrefix(p.Path, section+"[0]"):
			p.Path = "input" + strings.TrimPrefix(p.Path, section+"[0]")
		case strings.HasPrefix(p.Path, "remove."+section+"[0]"):
			p.Path = "id"
		}
		renamed[i] = p
	}
	return graph.BadInput(renamed)
}
