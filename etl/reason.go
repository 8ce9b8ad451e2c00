package etl

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// builtinReasonRules map French and English free text to canonical reasons.
// Order matters: the first rule with a keyword in the text wins.
var builtinReasonRules = []ReasonRule{
	{Reason: "damaged_in_transit", Any: []string{"abime", "endommag", "damaged", "arrive casse", "colis ecrase", "crushed", "broken in transit", "arrived broken", "transport"}},
	{Reason: "defective", Any: []string{"defectu", "defect", "ne fonctionne", "fonctionne pas", "marche pas", "panne", "casse", "broken", "faulty", "stopped working", "doesn't work", "does not work", "not working", "dead on arrival"}},
	{Reason: "wrong_item", Any: []string{"mauvais article", "pas le bon", "erreur d'article", "wrong item", "wrong product", "wrong colour", "wrong color", "not what i ordered", "article errone"}},
	{Reason: "size_too_small", Any: []string{"trop petit", "trop serre", "taille petit", "too small", "too tight", "runs small", "size up"}},
	{Reason: "size_too_large", Any: []string{"trop grand", "trop large", "taille grand", "too big", "too large", "too loose", "runs large", "size down"}},
	{Reason: "not_as_described", Any: []string{"non conforme", "pas conforme", "ne correspond pas", "different de la description", "description", "photo", "not as described", "not as pictured", "doesn't match", "does not match", "misleading"}},
	{Reason: "late_delivery", Any: []string{"retard", "trop tard", "late", "delay", "arrived too late"}},
	{Reason: "better_price", Any: []string{"moins cher", "meilleur prix", "cheaper", "better price", "lower price"}},
	{Reason: "quality", Any: []string{"qualite", "mediocre", "decevant", "quality", "cheap material", "poor", "flimsy"}},
	{Reason: "changed_mind", Any: []string{"change d'avis", "plus besoin", "ne plaît", "ne plait", "changed my mind", "changed mind", "no longer needed", "don't need", "don't like", "do not like"}},
}

var foldT = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// fold lowercases s and strips accents, so "Défectueux" matches "defectu".
func fold(s string) string {
	out, _, err := transform.String(foldT, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return strings.ReplaceAll(out, "’", "'")
}

// ClassifyReason maps free text to a canonical reason with the user's rules
// first, then the built-in ones; "other" when nothing matches.
func ClassifyReason(text string, user []ReasonRule) string {
	t := fold(text)
	if strings.TrimSpace(t) == "" {
		return "other"
	}
	for _, set := range [][]ReasonRule{user, builtinReasonRules} {
		for _, r := range set {
			for _, k := range r.Any {
				if strings.Contains(t, fold(k)) {
					return r.Reason
				}
			}
		}
	}
	return "other"
}
