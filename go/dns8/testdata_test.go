package dns8

import (
	"encoding/json"
	"os"
	"testing"
)

type a8Vector struct {
	Name                string
	Owner               string
	TTL                 uint32
	Address             string
	Addresses           []string
	RdataHex            string `json:"rdata_hex"`
	Presentation        string
	GenericPresentation string `json:"generic_presentation"`
	QuestionHex         string `json:"question_hex"`
	Hex                 string
	Signer              string
	Algorithm           uint8
	DNSKEYPresentation  string `json:"dnskey_presentation"`
	KeyTag              uint16 `json:"key_tag"`
	Inception           uint32
	Expiration          uint32
	SigningInputHex     string `json:"signing_input_hex"`
	SignatureB64        string `json:"signature_b64"`
	RRSIGRdataHex       string `json:"rrsig_rdata_hex"`
}

func a8Vectors(t testing.TB) map[string]a8Vector {
	t.Helper()
	b, err := os.ReadFile("../../docs/test-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ A8 []a8Vector }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	m := map[string]a8Vector{}
	for _, v := range f.A8 {
		m[v.Name] = v
	}
	if len(m) < 2 {
		t.Fatal("missing a8 vectors")
	}
	return m
}
