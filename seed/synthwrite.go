package seed

import (
	"bufio"
	"strconv"
	"time"

	"github.com/orgnet/orgnet/graph"
)

// synthWriter writes a snapshot document line by line; after the first
// failed write it writes nothing and keeps the error.
type synthWriter struct {
	w    *bufio.Writer
	line []byte // the entity being written, reused
	err  error
	n    int // entities written in the current section
}

func (out *synthWriter) raw(s string) {
	if out.err == nil {
		_, out.err = out.w.WriteString(s)
	}
}

// section opens a list of the document; the first one opens the document too.
func (out *synthWriter) section(name string, first bool) {
	if first {
		out.raw("{\n")
	} else {
		out.raw("\n  ],\n")
	}
	out.raw(`  "` + name + `": [`)
	out.n = 0
}

// entity writes out.line as the next entity of the current section.
func (out *synthWriter) entity() {
	if out.n > 0 {
		out.raw(",")
	}
	out.raw("\n    ")
	if out.err == nil {
		_, out.err = out.w.Write(out.line)
	}
	out.n++
}

func (out *synthWriter) end() { out.raw("\n  ]\n}\n") }

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendID appends prefix and n zero-padded to width digits, quoted.
func appendID(b []byte, prefix string, n, width int) []byte {
	b = append(b, '"')
	b = appendBareID(b, prefix, n, width)
	return append(b, '"')
}

func appendBareID(b []byte, prefix string, n, width int) []byte {
	b = append(b, prefix...)
	digits := 1
	for x := n; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

// Ids are numbered from 1.
func appendPersonID(b []byte, i int) []byte { return appendID(b, "p", i+1, 6) }
func appendUnitID(b []byte, i int) []byte   { return appendID(b, "u", i+1, 5) }
func appendTeamID(b []byte, i int) []byte   { return appendID(b, "x", i+1, 5) }
func appendMatterID(b []byte, i int) []byte { return appendID(b, "m", i+1, 5) }
func appendMandateID(b []byte, i int) []byte {
	return appendID(b, "md", i+1, 6)
}
func appendTouchpointID(b []byte, i int) []byte { return appendID(b, "tp", i+1, 2) }

// appendHundredths appends n/100 for 0 ≤ n ≤ 100 as a JSON number: 0, 0.07, 0.5, 1.
func appendHundredths(b []byte, n int) []byte {
	if n%100 == 0 {
		return strconv.AppendInt(b, int64(n/100), 10)
	}
	b = append(b, '0', '.', byte('0'+n/10))
	if n%10 != 0 {
		b = append(b, byte('0'+n%10))
	}
	return b
}

func appendHolder(b []byte, h synthHolder) []byte {
	switch h.kind {
	case holderPerson:
		b = append(b, `{"type":"PERSON","id":`...)
		b = appendPersonID(b, int(h.id))
	case holderUnit:
		b = append(b, `{"type":"TEAM","id":`...)
		b = appendUnitID(b, int(h.id))
	default:
		b = append(b, `{"type":"TEAM","id":`...)
		b = appendTeamID(b, int(h.id))
	}
	return append(b, '}')
}

var (
	firstNames = []string{
		"Astrid", "Björn", "Karin", "Henrik", "Ingrid", "Lars", "Sigrid", "Erik", "Maja", "Oskar",
		"Elin", "Nils", "Freja", "Magnus", "Liv", "Anders", "Saga", "Johan", "Ebba", "Mikael",
		"Hanna", "Jonas", "Tove", "Gustav", "Linnea", "Emil", "Ida", "Viktor", "Alva", "Axel",
		"Kerstin", "Sven", "Aino", "Mattias", "Maren", "Torbjørn", "Sofie", "Rasmus", "Minna", "Olle",
	}
	lastNames = []string{
		"Lund", "Berg", "Dahl", "Holm", "Nyberg", "Lindqvist", "Sjöberg", "Karlsson", "Strand", "Ek",
		"Forsberg", "Hedlund", "Nilsson", "Persson", "Wallin", "Sandberg", "Johansson", "Solberg", "Hansen", "Eriksen",
		"Falk", "Axelsson", "Magnusson", "Lindberg", "Björk", "Virtanen", "Haugen", "Östberg", "Åberg", "Nordin",
		"Lundgren", "Sjöström", "Jensen", "Kallio", "Lehtonen", "Ljung", "Kvist", "Mattsson", "Bergman", "Laine",
	}
	memberTitles = []string{"Advisor", "Specialist", "Analyst", "Case Handler", "Engineer", "Coordinator", "Senior Advisor", "Officer"}
	divisions    = []string{
		"Retail Banking", "Corporate Banking", "Operations", "Risk & Compliance", "IT", "Finance",
		"Markets", "Wealth Management", "Insurance", "People & Culture", "Legal", "Marketing",
		"Mortgages", "Cards & Payments", "Treasury",
	}
	levelWords   = []string{"", "Division", "Department", "Section", "Unit", "Group", "Desk", "Cell"}
	matterAreas  = []string{"Cards", "Payments", "Loans", "Mortgages", "Accounts", "Savings", "Pensions", "Insurance", "Complaints", "Fraud", "Digital access", "Pricing"}
	matterKinds  = []string{"refund", "limit change", "investigation", "application", "exception", "complaint", "change", "closure", "review", "claim", "recall", "block"}
	teamPrefixes = []string{"Customer Journey: ", "Squad: ", "Guild: ", "Network: "}
	channelNames = map[graph.Channel]string{
		graph.ChannelWeb: "Website", graph.ChannelApp: "Mobile app", graph.ChannelChat: "Chat", graph.ChannelPhone: "Phone line",
		graph.ChannelEmail: "Email", graph.ChannelBranch: "Branch", graph.ChannelSocial: "Social media",
	}
)

// unitName names unit u after its division and level.
func (g *synthOrg) unitName(b []byte, u int) []byte {
	if u == 0 {
		return append(b, "Synthbank"...)
	}
	div := u
	for g.unitParent[div] > 0 {
		div = int(g.unitParent[div])
	}
	if g.unitLevel[u] == 1 {
		b = append(b, divisions[(div-1)%len(divisions)]...)
		if div > len(divisions) {
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(div), 10)
		}
		return b
	}
	b = append(b, divisions[(div-1)%len(divisions)]...)
	b = append(b, ' ')
	b = append(b, levelWords[g.unitLevel[u]]...)
	b = append(b, ' ')
	return strconv.AppendInt(b, int64(u+1), 10)
}

func (g *synthOrg) matterArea(m int) string {
	for g.matterParent[m] >= 0 {
		m = int(g.matterParent[m])
	}
	return matterAreas[m%len(matterAreas)]
}

func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339)
	return append(b, '"')
}

// write writes the organization; the only randomness left is people's names.
func (g *synthOrg) write(out *synthWriter) {
	out.section("people", true)
	for p := range g.people {
		b := append(out.line[:0], `{"id":`...)
		b = appendPersonID(b, p)
		b = append(b, `,"name":"`...)
		b = append(b, firstNames[g.intn(len(firstNames))]...)
		b = append(b, ' ')
		b = append(b, lastNames[g.intn(len(lastNames))]...)
		b = append(b, `","email":"`...)
		b = appendBareID(b, "p", p+1, 6)
		b = append(b, `@example.org","title":"`...)
		if p == 0 {
			b = append(b, "Chief Executive Officer"...)
		} else if u := int(g.personUnit[p]); int(g.unitFirst[u]) == p {
			b = append(b, "Head of "...)
			b = g.unitName(b, u)
		} else {
			b = append(b, memberTitles[p%len(memberTitles)]...)
		}
		b = append(b, '"')
		if m := g.manager(p); m >= 0 {
			b = append(b, `,"manager":`...)
			b = appendPersonID(b, m)
		}
		b = append(b, `,"active":`...)
		b = strconv.AppendBool(b, !g.inactive[p])
		out.line = append(b, '}')
		out.entity()
	}

	out.section("teams", false)
	for u := range g.unitParent {
		b := append(out.line[:0], `{"id":`...)
		b = appendUnitID(b, u)
		b = append(b, `,"name":"`...)
		b = g.unitName(b, u)
		b = append(b, `","kind":"UNIT"`...)
		if p := g.unitParent[u]; p >= 0 {
			b = append(b, `,"parent":`...)
			b = appendUnitID(b, int(p))
		}
		out.line = append(b, '}')
		out.entity()
	}
	for t := range g.teams {
		b := append(out.line[:0], `{"id":`...)
		b = appendTeamID(b, t)
		b = append(b, `,"name":`...)
		b = appendString(b, teamPrefixes[t%len(teamPrefixes)]+matterAreas[(t/len(teamPrefixes))%len(matterAreas)]+" "+strconv.Itoa(t+1))
		out.line = append(b, `,"kind":"TEAM"}`...)
		out.entity()
	}

	out.section("memberships", false)
	membership := func(p int, team []byte, lead bool) {
		b := append(out.line[:0], `{"person":`...)
		b = appendPersonID(b, p)
		b = append(b, `,"team":`...)
		b = append(b, team...)
		if lead {
			b = append(b, `,"role":"LEAD"}`...)
		} else {
			b = append(b, `,"role":"MEMBER"}`...)
		}
		out.line = b
		out.entity()
	}
	var team []byte
	for p := range g.people {
		u := int(g.personUnit[p])
		team = appendUnitID(team[:0], u)
		membership(p, team, int(g.unitFirst[u]) == p)
	}
	for t, members := range g.teams {
		team = appendTeamID(team[:0], t)
		for i, p := range members {
			membership(int(p), team, i == 0)
		}
	}

	out.section("matters", false)
	for m, parent := range g.matterParent {
		b := append(out.line[:0], `{"id":`...)
		b = appendMatterID(b, m)
		b = append(b, `,"name":"`...)
		b = append(b, g.matterArea(m)...)
		if parent >= 0 {
			b = append(b, ": "...)
			b = append(b, matterKinds[m%len(matterKinds)]...)
		}
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(m+1), 10)
		b = append(b, '"')
		if parent >= 0 {
			b = append(b, `,"parent":`...)
			b = appendMatterID(b, int(parent))
		}
		out.line = append(b, '}')
		out.entity()
	}

	out.section("mandates", false)
	for i, m := range g.mandates {
		b := append(out.line[:0], `{"id":`...)
		b = appendMandateID(b, i)
		b = append(b, `,"name":"`...)
		b = append(b, g.matterArea(int(m.matter))...)
		if m.source >= 0 {
			b = append(b, " mandate, delegated"...)
		} else {
			b = append(b, " mandate"...)
		}
		b = append(b, `","matter":`...)
		b = appendMatterID(b, int(m.matter))
		b = append(b, `,"holder":`...)
		b = appendHolder(b, m.holder)
		if m.limit != noLimit {
			b = append(b, `,"limit":`...)
			b = strconv.AppendInt(b, m.limit, 10)
		}
		if m.source >= 0 {
			b = append(b, `,"delegatedFrom":`...)
			b = appendMandateID(b, int(m.source))
		}
		if !m.from.IsZero() {
			b = append(b, `,"validFrom":`...)
			b = appendTime(b, m.from)
		}
		if !m.until.IsZero() {
			b = append(b, `,"validUntil":`...)
			b = appendTime(b, m.until)
		}
		out.line = append(b, '}')
		out.entity()
	}

	out.section("touchpoints", false)
	for i, t := range g.touchpoints {
		b := append(out.line[:0], `{"id":`...)
		b = appendTouchpointID(b, i)
		b = append(b, `,"name":"`...)
		b = append(b, channelNames[t.channel]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `","channel":"`...)
		b = append(b, t.channel...)
		b = append(b, `","selfService":`...)
		b = strconv.AppendBool(b, t.self)
		b = append(b, `,"staffedBy":[`...)
		for j, h := range t.staff {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendHolder(b, h)
		}
		b = append(b, `],"escalatesTo":[`...)
		for j, to := range t.escalates {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendTouchpointID(b, to)
		}
		b = append(b, `],"handles":[`...)
		for j, h := range t.handles {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"matter":`...)
			b = appendMatterID(b, int(h.matter))
			b = append(b, `,"volume":`...)
			b = strconv.AppendInt(b, int64(h.volume), 10)
			b = append(b, `,"selfServiceRate":`...)
			b = appendHundredths(b, h.rate)
			b = append(b, '}')
		}
		out.line = append(b, "]}"...)
		out.entity()
	}
	out.end()
}
