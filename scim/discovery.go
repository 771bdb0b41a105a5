package scim

import (
	"net/http"
	"strings"
)

// Discovery (RFC 7644 §4): what the service offers, the resource types
// and their schemas. Every documentationUri is left out rather than empty:
// an empty URI is not a URI, and clients that parse one fail.

func (h *Handler) serviceProviderConfig(w http.ResponseWriter, r *http.Request) {
	h.respond(w, http.StatusOK, doc{
		"schemas":        []any{spcSchema},
		"patch":          doc{"supported": true},
		"bulk":           doc{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":         doc{"supported": true, "maxResults": h.opts.MaxCount},
		"changePassword": doc{"supported": false},
		"sort":           doc{"supported": false},
		"etag":           doc{"supported": true},
		"authenticationSchemes": []any{doc{
			"type": "oauthbearertoken", "name": "Bearer token",
			"description": "An orgnet API token with role hr or admin, or an OIDC access token carrying one of those roles (Authorization: Bearer …).",
			"primary":     true,
		}},
		"meta": doc{"resourceType": "ServiceProviderConfig", "location": h.base(r) + "/ServiceProviderConfig"},
	})
}

func resourceTypeDoc(rt *resourceType, base string) doc {
	return doc{
		"schemas":          []any{resourceTypeSchema},
		"id":               rt.Name,
		"name":             rt.Name,
		"endpoint":         rt.Endpoint,
		"description":      rt.Schema.Description,
		"schema":           rt.Schema.ID,
		"schemaExtensions": []any{doc{"schema": rt.Extension.ID, "required": rt.ExtensionRequired}},
		"meta":             doc{"resourceType": "ResourceType", "location": base + "/ResourceTypes/" + rt.Name},
	}
}

func (h *Handler) resourceTypes(w http.ResponseWriter, r *http.Request) {
	docs := []any{resourceTypeDoc(userType, h.base(r)), resourceTypeDoc(groupType, h.base(r))}
	h.respond(w, http.StatusOK, listResponse(len(docs), 1, docs))
}

func (h *Handler) resourceType(w http.ResponseWriter, r *http.Request) {
	for _, rt := range []*resourceType{userType, groupType} {
		if strings.EqualFold(r.PathValue("id"), rt.Name) {
			h.respond(w, http.StatusOK, resourceTypeDoc(rt, h.base(r)))
			return
		}
	}
	h.fail(w, r, notFound("there is no resource type %q", r.PathValue("id")))
}

// allSchemas is every schema /Schemas lists: the resources' and their
// extensions', then those that describe discovery itself.
var allSchemas = []*Schema{userSchema, enterpriseSchema, groupSchema, orgnetSchema, spcSchemaDef, resourceTypeSchemaDef, schemaSchemaDef}

func schemaDoc(s *Schema, base string) doc {
	return doc{
		"schemas":     []any{schemaSchema},
		"id":          s.ID,
		"name":        s.Name,
		"description": s.Description,
		"attributes":  s.published(),
		"meta":        doc{"resourceType": "Schema", "location": base + "/Schemas/" + s.ID},
	}
}

func (h *Handler) schemas(w http.ResponseWriter, r *http.Request) {
	docs := make([]any, len(allSchemas))
	for i, s := range allSchemas {
		docs[i] = schemaDoc(s, h.base(r))
	}
	h.respond(w, http.StatusOK, listResponse(len(docs), 1, docs))
}

func (h *Handler) schema(w http.ResponseWriter, r *http.Request) {
	for _, s := range allSchemas {
		if strings.EqualFold(r.PathValue("id"), s.ID) {
			h.respond(w, http.StatusOK, schemaDoc(s, h.base(r)))
			return
		}
	}
	h.fail(w, r, notFound("there is no schema %q", r.PathValue("id")))
}

// The schemas of discovery itself (RFC 7643 §5, §6, §7), as read-only
// attributes.
func ro(a *Attribute) *Attribute { return a.readOnly() }

var spcSchemaDef = &Schema{
	ID: spcSchema, Name: "ServiceProviderConfig", Description: "Service Provider Configuration",
	Attributes: []*Attribute{
		ro(ref("documentationUri", "Help about the service", "external")),
		ro(complexAttr("patch", "PATCH", ro(boolean("supported", "")).required())).required(),
		ro(complexAttr("bulk", "Bulk", ro(boolean("supported", "")).required(),
			ro(integer("maxOperations", "")).required(), ro(integer("maxPayloadSize", "")).required())).required(),
		ro(complexAttr("filter", "Filtering", ro(boolean("supported", "")).required(), ro(integer("maxResults", "")).required())).required(),
		ro(complexAttr("changePassword", "Password changes", ro(boolean("supported", "")).required())).required(),
		ro(complexAttr("sort", "Sorting", ro(boolean("supported", "")).required())).required(),
		ro(complexAttr("etag", "ETags", ro(boolean("supported", "")).required())).required(),
		ro(complexAttr("authenticationSchemes", "How to authenticate",
			ro(str("type", "")).required(), ro(str("name", "")).required(), ro(str("description", "")).required(),
			ro(ref("specUri", "", "external")), ro(ref("documentationUri", "", "external")), ro(boolean("primary", "")))).multi().required(),
	},
}

var resourceTypeSchemaDef = &Schema{
	ID: resourceTypeSchema, Name: "ResourceType", Description: "Resource type",
	Attributes: []*Attribute{
		ro(str("id", "")), ro(str("name", "")).required(), ro(str("description", "")),
		ro(ref("endpoint", "", "uri")).required(), ro(ref("schema", "", "uri")).required().exact(),
		ro(complexAttr("schemaExtensions", "", ro(ref("schema", "", "uri")).required().exact(), ro(boolean("required", "")).required())).multi(),
	},
}

var schemaSchemaDef = &Schema{
	ID: schemaSchema, Name: "Schema", Description: "Schema definition",
	Attributes: []*Attribute{
		ro(str("id", "")).required(), ro(str("name", "")), ro(str("description", "")),
		ro(complexAttr("attributes", "",
			ro(str("name", "")).required().exact(), ro(str("type", "")).required(),
			ro(boolean("multiValued", "")).required(), ro(str("description", "")), ro(boolean("required", "")),
			ro(str("canonicalValues", "")).multi(), ro(boolean("caseExact", "")), ro(str("mutability", "")),
			ro(str("returned", "")), ro(str("uniqueness", "")), ro(str("referenceTypes", "")).multi(),
			ro(complexAttr("subAttributes", "")).multi())).multi().required(),
	},
}

func integer(name, desc string) *Attribute {
	return &Attribute{Name: name, Type: typeInteger, Description: desc, Mutability: "readWrite", Returned: "default", Uniqueness: "none"}
}
