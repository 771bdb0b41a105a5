package graph

import "strings"

// UserNameTakenMessage begins the problem a person gets whose userName
// another person has: userNames are unique regardless of case
// (docs/scim.md).
const UserNameTakenMessage = "userName is taken"

// FoldCase is the form in which userNames are compared and kept indexed:
// two userNames are the same when their folds are.
func FoldCase(s string) string { return strings.ToLower(s) }
