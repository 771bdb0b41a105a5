package graph

// Page asks for up to First items after the item with id After ("" = from
// the start). Connections are ordered by id.
type Page struct {
	First int
	After string
}

// MaxPage bounds one page of the store's connections, whatever a client
// asks for.
const MaxPage = 1000

// Size is how many items the page holds at most: First, within 0…MaxPage.
func (p Page) Size() int { return min(max(p.First, 0), MaxPage) }

// Conn is one page of a connection and the size of the whole.
type Conn[T any] struct {
	Items   []T
	HasNext bool
	Total   int
}

// ListFilter narrows a top-level list. Zero values mean "any".
type ListFilter struct {
	NameContains *string
	Active       *bool
	Kind         *TeamKind
	Roots        *bool
	Channel      *Channel
	SelfService  *bool
}
