package intent

// cueGroup gives every phrase in it the same weight towards one intent.
// Phrases are matched on whole words after the text is lower-cased, @handles
// and links removed and apostrophes dropped ("dont", "im"); the longest
// phrase starting at a word wins.
type cueGroup struct {
	intent  int
	weight  float32
	phrases []string
}

// cues were written and tuned against testdata/dev.txt only.
var cues = []cueGroup{
	{churn, 4, []string{
		"how do i cancel", "how can i cancel", "how to cancel", "want to cancel",
		"cancel my", "cancelling my", "canceling my", "cancelled my", "canceled my", "cancelled our", "cancel our",
		"cancelling our", "canceling our", "close my account", "closing my account", "closing our account",
		"never again", "never flying", "never fly", "never using", "never use", "never booking", "never book",
		"never shopping", "never ordering", "ill never", "wont be flying", "wont be shopping", "wont be using",
		"wont be booking", "wont be ordering", "wont be back", "not coming back", "no longer", "last straw",
		"lost a customer", "lost a loyal customer", "you just lost", "lost my business",
		"taking my business", "take my business", "taking my money", "take my money elsewhere",
		"porting", "my pac", "send me my pac", "unsubscribe", "unsubscribing", "unsubscribed",
		"uninstalling", "deleting your app", "delete the app", "deleting this app",
		"im done", "done with you", "were done", "im off to", "im leaving", "were leaving", "leaving you",
		"switching to", "switching my", "switching carriers", "switching providers", "switching banks",
		"im switching", "were switching", "will switch", "ill switch", "gonna switch", "going to switch",
		"moving to", "moving our", "moving my", "migrating to", "migrating our", "migrate to",
		"back to", "last time i", "goodbye", "bye", "i quit", "elsewhere", "competitor", "selling my",
		"cancel my subscription"}},
	{churn, 3.5, []string{"cancel", "cancelling", "canceling", "leaving", "quit"}},
	{churn, 1.5, []string{"switch"}},
	{purchase, 4, []string{"switch to you", "switching to you", "switched to you"}},
	{purchase, 2.5, []string{
		"buy", "to buy", "want to buy", "buying", "purchase", "preorder", "pre order", "preorders", "pre orders",
		"preordering", "in stock", "restock", "restocking", "back in stock", "available", "availability",
		"how much", "how much is", "how much does", "price", "pricing", "prices", "cost", "costs", "deal", "deals", "cheaper",
		"discount", "discounts", "discounted", "on sale", "go on sale", "goes on sale", "sale", "black friday",
		"prime day", "upgrade to", "want to upgrade", "like to upgrade", "sign up", "signup", "subscribe",
		"worth it", "take my money", "order one", "looking to buy", "looking to get",
		"thinking of getting", "thinking about getting", "thinking of buying", "license", "licenses",
		"licence", "add a line", "add a tablet line", "per month", "a month", "want to order", "like to order", "interested in",
		"like to purchase", "like to buy", "id like to buy", "price match", "plan should i", "which plan",
		"rollback", "bundle", "for sale", "ship to",
		"student discount", "nonprofit", "enterprise",
	}},
	{purchase, 1, []string{"upgrade", "order", "plan for", "plus plan", "pro plan", "premium plan", "want"}},
	{complaint, 4, []string{
		"thanks for nothing", "is this a joke", "what is going on", "whats going on", "every single time"}},
	{complaint, 2, []string{
		"delayed", "delay", "delays", "late", "lost", "missing", "broken", "broke", "crash", "crashes", "crashed",
		"crashing", "down", "outage", "not working", "doesnt work", "dont work", "didnt work", "isnt working",
		"stopped working", "wont load", "wont charge", "error", "errors", "erroring", "charged", "overcharged",
		"charged me", "charged twice", "double charged", "refund", "still waiting", "waiting", "on hold", "rude",
		"terrible", "awful", "worst", "horrible", "ridiculous", "unacceptable", "disgraceful", "disgusting",
		"frustrating", "frustrated", "disappointed", "disappointing", "poor", "bad", "slow", "unusable",
		"never showed", "no show", "never arrived", "didnt arrive", "never came", "wrong", "damaged", "scratched", "stuck", "fail", "failing", "failed", "fails", "stranded", "cancellation", "dropping", "kicked out", "locked", "froze", "frozen", "scam", "fees", "hidden fee", "fee", "no service", "no internet", "no wifi", "bug", "buggy", "accident", "nobody", "no one", "no response", "useless", "joke", "annoying", "sucks",
		"nightmare", "rip off", "ripoff", "not acceptable", "again", "keeps", "keep", "still", "dirty", "wasnt cleaned", "not cleaned", "messed up", "mess", "months", "weeks",
		"cant log in", "cant login", "cant reach", "cant get", "not happy", "unhappy", "sick of", "tired of", "fed up", "ruined", "ruin", "threw", "didnt", "never", "worse", "broken again", "issue", "issues",
		"problem", "problems", "cancelled", "canceled", "drains", "draining", "not worth", "not worth it", "ugh", "😡", "🤬", "😤", "👎", "😠",
	}},
	{complaint, 2, []string{"why", "lose", "loses", "losing"}},
	{complaint, 1, []string{"wont", "cant", "😒", "🙄"}},
	{question, 2, []string{
		"how do i", "how can i", "how do you", "how to", "how long", "how many", "how often", "how early",
		"is there", "are there", "is it possible", "anyone know", "does anyone know", "does anybody know",
		"anybody know", "quick question", "quick q", "wondering", "wondering if", "i wonder", "can i", "can you",
		"do you", "does the", "do i", "what time", "whats the", "what is the", "what does", "which", "where do i",
		"any way", "a way to", "help me", "please advise", "advice",
	}},
	{praise, 2.5, []string{
		"thank you", "thanks", "thank", "thx", "ty", "love", "loving", "loved", "loves", "great", "amazing",
		"awesome", "excellent", "fantastic", "wonderful", "brilliant", "best", "perfect", "incredible", "impressive",
		"impressed", "lovely", "helpful", "friendly", "kind", "professional", "appreciate", "appreciated",
		"kudos", "shout out", "shoutout", "props", "well done", "good job", "great job", "good work", "rock",
		"five stars", "5 stars", "highly recommend", "recommend", "beautiful",
		"gorgeous", "smooth", "smoothest", "so easy", "easy", "cool", "nothing beats", "top notch", "delighted", "happy", "pleased",
		"outstanding", "superb", "legend", "legends", "hero", "heroes", "much appreciated",
		"cheers", "so good", "fun", "favourite", "favorite", "quick fix", "cute", "🔥", "❤", "😍", "👏", "🙏", "🥰", "💯", "🙌", "😊", "♥",
	}},
	{praise, 1, []string{"good", "nice", "wow", "fixed", "finally", "better"}},
	{other, 2, []string{"rt", "announced", "announces", "according to", "per reuters", "reports", "report",
		"quarterly", "keynote", "event",
		"thread", "podcast", "news", "lol", "lmao", "launch", "launches",
		"hiring", "happy hour", "sponsors", "celebrates"}},
}

// negators flip praise that follows them within three words ("not happy",
// "never helpful") into complaint.
var negators = []string{"not", "no", "never", "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent",
	"cant", "cannot", "couldnt", "wont", "wouldnt", "hardly", "nothing", "nobody", "neither", "nor", "without"}

// questionStarts are first words that make a sentence a question; greetings
// before them are skipped.
var (
	questionStarts = []string{"how", "what", "whats", "where", "when", "which", "who", "whos", "is", "are", "am",
		"does", "do", "did", "can", "could", "will", "would", "should", "any", "anyone", "anybody", "has", "have",
		"hows", "wheres", "whens", "whats"}
	greetings = []string{"hey", "hi", "hello", "yo", "so", "ok", "okay", "also", "pls", "please", "quick", "q",
		"question", "dear", "hiya", "morning", "good"}
)
