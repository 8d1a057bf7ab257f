package synthetic

import "github.com/socialcrm/socialcrm"

// brand is one of the demo's fictional brands with the words its talk is
// made of.
type brand struct {
	Name     string
	Handle   string
	Products []string
	Issues   []string // what goes wrong
	Praises  []string // what goes right
	Crises   []string // themes of complaint bursts
}

var brands = []brand{
	{
		Name: "acme", Handle: "acme",
		Products: []string{"the Acme Runner shoes", "my Acme blender", "the new Acme app", "Acme Prime delivery", "the Acme store on Main St"},
		Issues:   []string{"my order is late again", "the refund still hasn't arrived", "the checkout keeps crashing", "customer service hung up on me", "the package arrived damaged"},
		Praises:  []string{"delivery was super fast", "the support team sorted it in minutes", "the quality is amazing", "best price I found anywhere", "the return was painless"},
		Crises:   []string{"double charged", "data leak"},
	},
	{
		Name: "skyway", Handle: "skywayair",
		Products: []string{"flight SW212", "the Skyway lounge", "the Skyway app", "my Skyway miles", "the red-eye to Boston"},
		Issues:   []string{"the flight is delayed three hours", "they lost my luggage", "the gate agent was so rude", "I was bumped from my seat", "no food and no updates on board"},
		Praises:  []string{"the crew was wonderful", "we landed early", "the upgrade made my day", "check-in took two minutes", "the seats are really comfortable"},
		Crises:   []string{"cancelled flights", "lost luggage"},
	},
	{
		Name: "nimbus", Handle: "nimbuscloud",
		Products: []string{"the Nimbus dashboard", "Nimbus storage", "the Nimbus API", "my Nimbus invoice", "Nimbus backups"},
		Issues:   []string{"the API is timing out", "my invoice is wrong again", "the dashboard won't load", "support ticket open for a week", "the backup failed overnight"},
		Praises:  []string{"the new release is fast", "support answered in five minutes", "migration went smoothly", "pricing is fair", "the docs are excellent"},
		Crises:   []string{"outage", "security breach"},
	},
	{
		Name: "rollr", Handle: "rollrskate",
		Products: []string{"the Rollr deck", "Rollr wheels", "the Rollr park tour", "my Rollr hoodie", "the Rollr pro model"},
		Issues:   []string{"the deck cracked after a week", "the wheels are wearing out fast", "shipping took forever", "the hoodie shrank in the wash", "the tour got cancelled"},
		Praises:  []string{"this deck is sick", "the wheels are buttery smooth", "the park tour was epic", "the team riders are insane", "best grip tape ever"},
		Crises:   []string{"recall", "broken decks"},
	},
}

// Handles returns the demo brands' own handles, by brand.
func Handles() map[string][]string {
	out := make(map[string][]string, len(brands))
	for _, b := range brands {
		out[b.Name] = []string{b.Handle}
	}
	return out
}

// Brands returns the names of the demo brands.
func Brands() []string {
	names := make([]string, len(brands))
	for i, b := range brands {
		names[i] = b.Name
	}
	return names
}

var (
	negTemplates = []string{
		"@%[1]s %[2]s, really disappointed",
		"Honestly %[3]s is terrible. %[2]s 😡",
		"Never again. %[2]s #%[1]sfail",
		"@%[1]s why is it that %[2]s?? This is unacceptable",
		"so frustrated with %[3]s, %[2]s",
		"Worst experience ever with @%[1]s: %[2]s 👎",
		"thinking of switching, %[2]s. @%[1]s you used to be better",
	}
	posTemplates = []string{
		"Love %[3]s, %[4]s! 😍",
		"Shout out to @%[1]s, %[4]s 🙌",
		"%[4]s, thank you @%[1]s!",
		"Really impressed: %[4]s. #%[1]s",
		"great job @%[1]s, %[4]s :)",
		"Can't believe how good %[3]s is. %[4]s",
	}
	neuTemplates = []string{
		"Does anyone know if %[3]s works with the old version? @%[1]s",
		"@%[1]s what are your opening hours on Sunday?",
		"Reading about %[3]s today. #%[1]s",
		"Is %[3]s available in Canada?",
		"@%[1]s how do I change the email on my account?",
		"New blog post comparing %[3]s with the alternatives",
		"thinking about buying %[3]s, any opinions?",
	}
	crisisTemplates = []string{
		"@%[1]s %[5]s AGAIN?! this is a disgrace",
		"Is anyone else hit by the %[1]s %[5]s? Absolutely furious",
		"%[5]s at @%[1]s and zero communication. Cancelling my account",
		"#%[1]s %[5]s — worst company ever, I want my money back",
		"Day ruined by the %[5]s. @%[1]s answer your customers!",
	}
)

// BrandAccounts maps the graph node keys of the demo brands' own accounts,
// on every network, to the brand.
func BrandAccounts() map[string]string {
	out := map[string]string{}
	for _, b := range brands {
		for _, n := range Networks {
			out[socialcrm.NodeKey(n, b.Handle, "")] = b.Name
		}
	}
	return out
}
