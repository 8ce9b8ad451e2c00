package demo

// reasonTexts holds customer comments per canonical reason, French then
// English, phrased in several ways so keyword rules have something to map.
var reasonTexts = [nReasons][]string{
	rSizeSmall: {
		"Trop petit", "taille trop petite, je prends la taille au-dessus", "Taille petit, serré aux épaules",
		"trop juste", "Too small", "runs small, need one size up", "too tight around the waist",
	},
	rSizeLarge: {
		"Trop grand", "taille trop grande", "Taille grand, flotte beaucoup", "trop large pour moi",
		"Too big", "too large, size down", "runs large",
	},
	rNotAsDescribed: {
		"Ne correspond pas à la description", "couleur différente de la photo", "Article non conforme à la fiche produit",
		"pas comme sur le site", "Not as described", "colour does not match the picture", "different from the website description",
	},
	rDefective: {
		"Produit défectueux", "ne s'allume pas", "Défaut de fabrication", "en panne après deux jours",
		"Defective", "does not turn on", "stopped working after a week", "manufacturing defect, broken seam",
	},
	rDamaged: {
		"Colis endommagé", "arrivé cassé", "Abîmé pendant le transport", "carton écrasé, produit rayé",
		"Damaged in transit", "arrived broken", "box crushed, item scratched",
	},
	rWrongItem: {
		"Erreur d'article", "mauvais produit reçu", "Ce n'est pas ce que j'ai commandé", "mauvaise couleur envoyée",
		"Wrong item", "received the wrong product", "not what I ordered",
	},
	rLate: {
		"Livraison trop tardive", "reçu en retard, plus besoin", "Retard de livraison",
		"Late delivery", "arrived too late", "delivery was a week late",
	},
	rChangedMind: {
		"J'ai changé d'avis", "ne me plaît plus", "Plus besoin", "commande en double par erreur",
		"Changed my mind", "no longer needed", "ordered by mistake",
	},
	rBetterPrice: {
		"Trouvé moins cher ailleurs", "meilleur prix en magasin", "Prix plus bas chez un concurrent",
		"Found a better price", "cheaper elsewhere",
	},
	rQuality: {
		"Qualité décevante", "matière de mauvaise qualité", "Qualité inférieure à mes attentes", "finitions médiocres",
		"produit pas frais", "Poor quality", "quality below expectations", "cheap material", "not fresh",
	},
	rOther: {
		"Autre", "sans commentaire", "autre raison",
		"Other", "no comment",
	},
}
