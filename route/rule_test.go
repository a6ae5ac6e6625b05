package route

import "testing"

func FuzzRule(f *testing.F) { fuzzRouteBody[Rule](f, "rule-") }

func TestRuleFullTable(t *testing.T) {
	r := Rule{Table: Table8(TableCompat), TableID: 1000}
	if got := r.FullTable(); got != 1000 {
		t.Errorf("FullTable = %v, want 1000", got)
	}
	r = Rule{Table: Table8(TableMain)}
	if got := r.FullTable(); got != TableMain {
		t.Errorf("FullTable = %v, want main", got)
	}
	if got, want := (RuleInvert | RuleOIFDetached).String(), "FIB_RULE_INVERT|FIB_RULE_OIF_DETACHED"; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
	if got, want := ActionProhibit.String(), "FR_ACT_PROHIBIT"; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
}
