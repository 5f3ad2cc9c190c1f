/**
 * A small vocabulary of the words identifiers, settings and placeholder values are made of:
 * English function words and common nouns, verbs and adjectives of programs, the names of
 * environments, data, infrastructure and credentials, and their usual abbreviations. Used
 * like a tokenizer's vocabulary: a value that splits into a few of these words is a name a
 * person wrote; a generated token splits into many one- and two-letter pieces.
 */
const VOCABULARY = `
a an the and or not no yes of to in on at by for from with without into onto over under up down out off
as is are was be been being has have had do does did can could will would shall should may might must
this that these those there here what which who whom whose when where why how all any each every some
none other another same such only own just very more most less least much many few new old next last
first second third one two three four five six seven eight nine ten hundred thousand million
my your our their his her its me we us you they them it he she i
get set put post patch delete add remove create update read write load save store fetch send receive
make build run start stop open close init reset clear check verify validate test mock fake stub dummy
use using used show hide find search lookup list sort filter map reduce parse format encode decode
encrypt decrypt sign hash salt seed generate gen render handle process call invoke apply bind emit
copy move push pull merge commit deploy release install upgrade rotate revoke refresh renew expire
enable disable enabled disabled allow deny grant login logout signin signup register connect
access auth authorize authorized authorization authenticate authentication oauth openid sso saml
token tokens key keys secret secrets password passwords passwd pass pwd passphrase credential credentials
cred creds pin code codes otp totp mfa cert certs certificate private public pub session cookie
bearer basic digest api apis client clients server service services app apps application user users
admin root owner account accounts member members group groups team org organization tenant project
master main default primary secondary backup temp tmp local remote global shared common internal
prod production dev develop development stage staging test tests testing qa uat demo sandbox live
env environment config configuration settings setting option options param params value values
name names label title text message messages error errors warning info debug log logs trace
id ids uid uuid guid ref refs tag tags type types kind mode level state status flag flags
file files path paths dir folder root home bin lib src dist build cache tmp data database db sql
table row column field record index schema model view page pages site web www http https url uri
host port address domain email mail phone number count size length limit max min total rate
time date day week month year today now timeout ttl expiry expires interval delay period
request response header headers body query payload content stream buffer queue topic event events
job jobs task tasks worker workers cron schedule pipeline stage step steps action actions workflow
cloud aws azure gcp google amazon microsoft github gitlab docker kubernetes helm slack stripe
bucket storage blob object objects image images video audio media asset assets static cdn
network proxy gateway router route routes endpoint endpoints webhook webhooks hook hooks callback
cluster node nodes pod pods container containers instance region zone vpc subnet dns ssl tls ssh
vault keychain keystore keyring wallet safe lock locked unlock
mobile ios android web desktop browser frontend backend api gateway
read only write admin super top ultra very strong secure insecure simple easy hard good bad best
new old real fake sample example examples placeholder changeme change replace insert enter here
todo fixme later demo foo bar baz qux quux hello world lorem ipsum dolor sit amet
quick brown fox jumps lazy dog
do not commit never always please dont
value encoded decoded base plain raw signed unsigned hashed salted encrypted decrypted
signing encryption hmac sha md aes rsa jwt jwk jws pem der
v version versions rc alpha beta stable latest nightly canary preview snapshot
cache redis mongo postgres mysql sqlite kafka rabbit elastic search index
manager management monitor monitoring metrics analytics tracking telemetry report reports
payment payments billing invoice order orders cart checkout customer customers product products
notification notifications push sms chat bot bots message
controller handler provider factory builder helper util utils utility utilities module modules
function func method class struct interface object array string int integer bool boolean float
null none nil true false undefined void empty blank missing unknown invalid valid
expired expiry refresh reset forgot forgotten recovery recover confirm confirmation
integration integrations plugin plugins extension extensions addon package packages
upload download import export sync async batch bulk stream
permission permissions role roles policy policies scope scopes rule rules
frame form input output button submit cancel field fields
upstream downstream inbound outbound source target dest destination origin
com net org io co acme contoso fabrikam northwind
`

/** The vocabulary's words, lower-cased. */
export const WORDS: ReadonlySet<string> = new Set(VOCABULARY.split(/\s+/).filter(Boolean))
