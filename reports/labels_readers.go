package reports

// readersLabels are the labels of the operations summary's band line
// (bandsummary.go); init adds them to labels.
var readersLabels = map[string][2]string{
	"sum.band_worst": {"Worst against its band: %s at %s, %s %s – %s.", "Le plus en dehors de son repère : %s à %s, %s %s – %s."},
	"sum.band_above": {"%s above the band", "%s au-dessus du repère"},
	"sum.band_below": {"%s below the band", "%s en dessous du repère"},
	"sum.band_none":  {"No KPI is worse than its band this week (%d KPIs have a band).", "Aucun KPI n'est moins bon que son repère cette semaine (%d KPI ont un repère)."},
}

func init() {
	for k, v := range readersLabels {
		if _, dup := labels[k]; !dup {
			labels[k] = v
		}
	}
}
