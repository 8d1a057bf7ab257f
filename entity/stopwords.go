package entity

// stopwords never start or end a key phrase: function words, social-media
// fillers and verbs and adjectives too common to name a topic.
var stopwords = map[string]bool{}

func init() {
	for _, w := range splitWords(stopwordList) {
		stopwords[w] = true
	}
}

// isStopword reports whether the lower-case word w is a stopword. The map
// lookup on string(w) does not allocate.
func isStopword(w []byte) bool { return stopwords[string(w)] }

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

const stopwordList = `
a about above after again against all almost also although always am among an and another any anybody
anyone anything anyway anyways are around as at away back be became because become been before being
below beside besides between beyond both but by can cannot cant could couldnt did didnt do does doesnt
doing done dont down during each either else enough etc even ever every everybody everyone everything
few for from further get gets getting got gotten had hadnt has hasnt have havent having he hed hell her
here hers herself hes him himself his how however i id if ill im in into is isnt it its itself ive just
least less let lets like likely made make makes many may maybe me might mine more most much must my
myself need needs neither never no nobody none nor not nothing now of off often oh ok okay on once one
only or other others otherwise our ours ourselves out over own per perhaps please pls quite rather
really said same say says see seems seen shall she shes should shouldnt since so some somebody someone
something sometimes still such sure than that thats the their theirs them themselves then there theres
these they theyd theyll theyre theyve thing things this those though through thus till to too took
toward towards under until up upon us use used using very via vs want wants was wasnt way we wed well
went were werent weve what whatever whats when whenever where whereas wherever whether which while who
whoever whole whom whos whose why will with within without wont would wouldnt yeah yes yet you youd
youll your youre yours yourself yourselves youve
rt amp lol lmao omg btw tbh imo imho idk ngl smh fyi dm pm am hey hi hello thanks thank thx ty
today yesterday tomorrow tonight now day days week weeks month months year years time times ago
again new old good great bad best worst better worse nice amazing awesome terrible love hate
lot lots bit kind sort guys guy folks people anyone everyone someone
go goes going gone come comes coming came know knew think thought tell told try tried keep keeps kept
give gave take takes took look looks looking feel feels felt seem put call called ask asked
says said sounds sounded announced announces compared bought buy picked ran run left marked
saying asked wants wanted trying tried making getting waiting
first last next ever literally actually honestly seriously totally definitely probably basically
`
