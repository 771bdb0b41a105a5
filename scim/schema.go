package scim

import (
	"strings"
)

// Schema URNs: the core User and Group schemas of RFC 7643, its enterprise
// User extension, and orgnet's Group extension (kind, parent and leads,
// docs/scim.md).
const (
	UserSchema       = "urn:ietf:params:scim:schemas:core:2.0:User"
	GroupSchema      = "urn:ietf:params:scim:schemas:core:2.0:Group"
	EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	OrgnetSchema     = "urn:orgnet:params:scim:schemas:extension:2.0:Group"

	ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	PatchOpSchema      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SearchSchema       = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

	spcSchema          = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	resourceTypeSchema = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	schemaSchema       = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

// Attribute types of RFC 7643 §2.3.
const (
	typeString    = "string"
	typeBoolean   = "boolean"
	typeReference = "reference"
	typeComplex   = "complex"
	typeInteger   = "integer"
	typeDateTime  = "dateTime"
)

// Attribute describes one attribute as /Schemas publishes it (RFC 7643 §7)
// and as requests are checked against it. Attributes marked ignored are
// those of RFC 7643's schemas that orgnet keeps no field for: a request may
// carry them (identity tools send them unasked), they are accepted and not
// kept, and /Schemas does not list them. Any other attribute a request
// names is an error.
type Attribute struct {
	Name            string       `json:"name"`
	Type            string       `json:"type"`
	MultiValued     bool         `json:"multiValued"`
	Description     string       `json:"description"`
	Required        bool         `json:"required"`
	CanonicalValues []string     `json:"canonicalValues,omitempty"`
	CaseExact       bool         `json:"caseExact"`
	Mutability      string       `json:"mutability"`
	Returned        string       `json:"returned"`
	Uniqueness      string       `json:"uniqueness"`
	ReferenceTypes  []string     `json:"referenceTypes,omitempty"`
	SubAttributes   []*Attribute `json:"subAttributes,omitempty"`

	ignored bool
}

// Schema is a resource schema or an extension of one.
type Schema struct {
	ID          string
	Name        string
	Description string
	Attributes  []*Attribute
}

// attr returns the attribute named name (case-insensitively), ignored
// ones included.
func findAttr(attrs []*Attribute, name string) *Attribute {
	for _, a := range attrs {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

// published is the schema without its ignored attributes, as /Schemas
// shows it.
func (s *Schema) published() []*Attribute { return publishedAttrs(s.Attributes) }

func publishedAttrs(attrs []*Attribute) []*Attribute {
	var out []*Attribute
	for _, a := range attrs {
		if a.ignored {
			continue
		}
		c := *a
		c.SubAttributes = publishedAttrs(a.SubAttributes)
		out = append(out, &c)
	}
	return out
}

// Constructors for the tables below; each starts from RFC 7643's defaults.
func str(name, desc string) *Attribute {
	return &Attribute{Name: name, Type: typeString, Description: desc, Mutability: "readWrite", Returned: "default", Uniqueness: "none"}
}

func boolean(name, desc string) *Attribute {
	return &Attribute{Name: name, Type: typeBoolean, Description: desc, Mutability: "readWrite", Returned: "default", Uniqueness: "none"}
}

func ref(name, desc string, types ...string) *Attribute {
	return &Attribute{Name: name, Type: typeReference, Description: desc, Mutability: "readWrite", Returned: "default", Uniqueness: "none", CaseExact: true, ReferenceTypes: types}
}

func complexAttr(name, desc string, sub ...*Attribute) *Attribute {
	return &Attribute{Name: name, Type: typeComplex, Description: desc, Mutability: "readWrite", Returned: "default", Uniqueness: "none", SubAttributes: sub}
}

func (a *Attribute) required() *Attribute          { a.Required = true; return a }
func (a *Attribute) multi() *Attribute             { a.MultiValued = true; return a }
func (a *Attribute) exact() *Attribute             { a.CaseExact = true; return a }
func (a *Attribute) immutable() *Attribute         { a.Mutability = "immutable"; return a }
func (a *Attribute) readOnly() *Attribute          { a.Mutability = "readOnly"; return a }
func (a *Attribute) unique() *Attribute            { a.Uniqueness = "server"; return a }
func (a *Attribute) values(v ...string) *Attribute { a.CanonicalValues = v; return a }
func (a *Attribute) ignore() *Attribute            { a.ignored = true; return a }

func ignoredStrings(names ...string) []*Attribute {
	out := make([]*Attribute, len(names))
	for i, n := range names {
		out[i] = str(n, "").ignore()
	}
	return out
}

func ignoredComplex(names ...string) []*Attribute {
	out := make([]*Attribute, len(names))
	for i, n := range names {
		out[i] = complexAttr(n, "").multi().ignore()
		out[i].SubAttributes = append(ignoredStrings("value", "display", "type", "$ref"), boolean("primary", "").ignore())
	}
	return out
}

// userSchema is what orgnet keeps of a User: a person (docs/scim.md). A
// person always has a name and an active flag, so displayName, name and
// active are required here, though RFC 7643 leaves them optional;
// requests that leave them out still succeed (name falls back to
// name.formatted, the given and family names, then userName; active to
// true).
var userSchema = &Schema{
	ID: UserSchema, Name: "User", Description: "A person of the organization",
	Attributes: append([]*Attribute{
		str("userName", "Unique identifier the identity tool signs the person in with; unique regardless of case.").required().unique(),
		complexAttr("name", "The person's name; orgnet keeps the formatted full name.",
			append([]*Attribute{str("formatted", "The full name, as displayed: the person's name in orgnet.")},
				ignoredStrings("familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix")...)...).required(),
		str("displayName", "The person's name in orgnet.").required(),
		str("title", "The person's title."),
		boolean("active", "False for a person who has left: still listed, never acts (docs/model.md).").required(),
		complexAttr("emails", "The person's email; orgnet keeps one (the primary one given, else the work one, else the first) and reports it as the work email.",
			str("value", "The email address."),
			str("type", "Always work.").values("work"),
			boolean("primary", "").ignore(),
			str("display", "").ignore()).multi(),
	}, append(ignoredStrings("nickName", "profileUrl", "userType", "preferredLanguage", "locale", "timezone", "password"),
		ignoredComplex("phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates")...)...),
}

// enterpriseSchema is the enterprise User extension: orgnet keeps the manager.
var enterpriseSchema = &Schema{
	ID: EnterpriseSchema, Name: "EnterpriseUser", Description: "Enterprise User",
	Attributes: append([]*Attribute{
		complexAttr("manager", "The person's manager.",
			str("value", "The manager's id.").exact(),
			ref("$ref", "The manager's URI.", "User"),
			str("displayName", "").ignore()),
	}, ignoredStrings("employeeNumber", "costCenter", "organization", "division", "department")...),
}

// groupSchema is what orgnet keeps of a Group: a team and its members.
var groupSchema = &Schema{
	ID: GroupSchema, Name: "Group", Description: "A team or unit of the organization",
	Attributes: []*Attribute{
		str("displayName", "The team's name.").required(),
		complexAttr("members", "The people in the team (people only: teams nest through the orgnet extension's parent).",
			str("value", "The person's id.").exact().immutable(),
			ref("$ref", "The person's URI.", "User").immutable(),
			str("type", "Always User.").values("User").immutable(),
			str("display", "").ignore()).multi(),
	},
}

// orgnetSchema is orgnet's Group extension: the team's kind, its parent and
// which members lead it.
var orgnetSchema = &Schema{
	ID: OrgnetSchema, Name: "OrgnetGroup", Description: "orgnet's team fields",
	Attributes: []*Attribute{
		str("kind", "UNIT (a box of the formal structure) or TEAM (a cross-organizational team); TEAM when not given.").values("UNIT", "TEAM").exact().required(),
		complexAttr("parent", "The team this one is part of.",
			str("value", "The parent team's id.").exact(),
			ref("$ref", "The parent team's URI.", "Group")),
		complexAttr("leads", "The members who lead the team; adding a lead who is not a member makes them one.",
			str("value", "The person's id.").exact(),
			ref("$ref", "The person's URI.", "User")).multi(),
	},
}

// resourceType is a resource type and the schemas its resources carry.
type resourceType struct {
	Name, Endpoint string
	Schema         *Schema
	Extension      *Schema
	// ExtensionRequired says every resource carries the extension: a
	// team always has a kind.
	ExtensionRequired bool
}

var (
	userType  = &resourceType{Name: "User", Endpoint: "/Users", Schema: userSchema, Extension: enterpriseSchema}
	groupType = &resourceType{Name: "Group", Endpoint: "/Groups", Schema: groupSchema, Extension: orgnetSchema, ExtensionRequired: true}
)

// resolved is an attribute path resolved against a resource type: the
// attribute, its sub-attribute (if named) and whether it lives in the
// extension.
type resolved struct {
	attr, sub *Attribute
	inExt     bool
}

// resolve finds the attribute a path names: with a URN, in that schema;
// without, in the core schema, then the extension. Names compare
// case-insensitively (RFC 7643 §2.1). ok is false for anything else;
// common attributes (id, externalId, meta) resolve to nil with ok set,
// and the caller handles them.
func (rt *resourceType) resolve(p AttrPath) (resolved, bool) {
	var attrs []*Attribute
	inExt := false
	switch {
	case p.URN == "":
		if a := findAttr(rt.Schema.Attributes, p.Name); a != nil {
			attrs = rt.Schema.Attributes
		} else if a := findAttr(rt.Extension.Attributes, p.Name); a != nil {
			attrs, inExt = rt.Extension.Attributes, true
		}
	case strings.EqualFold(p.URN, rt.Schema.ID):
		attrs = rt.Schema.Attributes
	case strings.EqualFold(p.URN, rt.Extension.ID):
		attrs, inExt = rt.Extension.Attributes, true
	default:
		return resolved{}, false
	}
	a := findAttr(attrs, p.Name)
	if a == nil {
		return resolved{}, false
	}
	r := resolved{attr: a, inExt: inExt}
	if p.Sub != "" {
		if r.sub = findAttr(a.SubAttributes, p.Sub); r.sub == nil {
			return resolved{}, false
		}
	}
	return r, true
}
