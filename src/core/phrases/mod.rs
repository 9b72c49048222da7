//! Phrase tables: every word revoke-watch looks for on a page, one table per
//! language. Adding a language means adding a table file here and listing it
//! in [`TABLES`]; no reader code changes. All phrases are written folded
//! (lower case, single spaces; see [`crate::core::text::fold`]).

mod en;

/// The kind of listing a section heading announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Tokens,
    Sessions,
    Devices,
    Usage,
}

/// What a time phrase's leading word says the time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeRole {
    /// When a token was granted ("Connected 3 days ago").
    #[default]
    Connected,
    /// Last activity of a session or token ("Last active 5 min ago", "Active now").
    LastActive,
    /// When a session signed in or a thing was created.
    SignedIn,
    /// When a device was trusted ("Enrolled Nov 3, 2026").
    Enrolled,
    /// When a usage meter resets ("Resets in 2 hours").
    Resets,
    /// A time with no leading word.
    Unlabelled,
}

crate::json_names!(TimeRole {
    Connected = "connected",
    LastActive = "last_active",
    SignedIn = "signed_in",
    Enrolled = "enrolled",
    Resets = "resets",
    Unlabelled = "unlabelled",
});

/// Units of relative time phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// Words of time phrases.
pub struct TimeWords {
    /// Leading words and the role they give, longest first where they overlap.
    pub prefixes: &'static [(&'static str, TimeRole)],
    /// Whole phrases meaning "within the last minute or two".
    pub just_now: &'static [&'static str],
    /// Whole phrases meaning "active at this moment" (role LastActive).
    pub active_now: &'static [&'static str],
    /// Word that follows a past amount ("3 days ago").
    pub ago: &'static str,
    /// Word that precedes a future amount ("in 2 hours").
    pub future: &'static str,
    /// Words before an amount that say it is rounded ("about 2 hours ago").
    pub about: &'static [&'static str],
    /// Words before an amount that say it is not reached yet ("almost 2 years ago").
    pub almost: &'static [&'static str],
    /// Words before an amount that say it is passed ("over 1 year ago").
    pub over: &'static [&'static str],
    /// Words before an amount that say it is not reached ("in less than a
    /// minute"), and the word that may follow them.
    pub under: &'static [&'static str],
    pub than: &'static str,
    /// Times of day said in words.
    pub midnight: &'static [&'static str],
    pub noon: &'static [&'static str],
    /// Words that stand for the number one ("an hour ago").
    pub one: &'static [&'static str],
    /// Words that stand for a small number not said ("a few minutes ago",
    /// "several days ago"), after an optional word for one.
    pub few: &'static [&'static str],
    /// Unit words (singular and plural forms, abbreviations).
    pub units: &'static [(&'static str, Unit)],
    pub yesterday: &'static [&'static str],
    pub today: &'static [&'static str],
    pub tomorrow: &'static [&'static str],
    /// "last", "this" and "next" as in "last week", "this month", "next week".
    pub last: &'static str,
    pub this: &'static str,
    pub next: &'static str,
    /// A span reaching up to now, and the words before its length:
    /// "within the last hour", "in the past 24 hours".
    pub within: &'static [&'static str],
    pub recent: &'static [&'static str],
    /// Month names, full or abbreviated, with their number (1–12).
    pub months: &'static [(&'static str, u32)],
    /// Weekday names with their number (0 = Monday).
    pub weekdays: &'static [(&'static str, u32)],
    /// Words that may join a date and a time ("at").
    pub joiners: &'static [&'static str],
    /// Words that may lead a time and say nothing of it ("on Nov 3", "at
    /// 9:41", "since Oct 1, 2026").
    pub leading: &'static [&'static str],
    pub am: &'static str,
    pub pm: &'static str,
    /// Numeric dates: true when "11/03/2026" means month first.
    pub month_first: bool,
}

/// The words of an empty listing's sentence: "No authorization tokens",
/// "You haven't created any tokens yet", "There are no other active
/// sessions" (see `page::rows::empty_state`).
pub struct EmptyStates {
    pub openings: &'static [&'static str],
    /// What an opening's `*` may be: verbs that make an entry.
    pub verbs: &'static [&'static str],
    pub qualifiers: &'static [&'static str],
    pub nouns: &'static [(&'static str, SectionKind)],
    /// A text that says "nothing" alone ("None", "Nothing to show"): the
    /// listing of the heading above it is empty.
    pub alone: &'static [&'static str],
}

/// The words of a control that signs out every session at once: a verb,
/// maybe a link word, then `alone` ("Sign out everywhere") or a quantifier,
/// maybe a determiner, and a noun ("Log out of all devices", "Revoke all
/// other sessions", "End every session"). Each is matched as whole words;
/// a noun as a word's start ("sessions").
pub struct Everywhere {
    pub verbs: &'static [&'static str],
    pub links: &'static [&'static str],
    pub quantifiers: &'static [&'static str],
    pub determiners: &'static [&'static str],
    pub nouns: &'static [&'static str],
    pub alone: &'static str,
}

/// One language's table.
pub struct Phrases {
    /// BCP 47 primary language subtag ("en").
    pub lang: &'static str,
    /// Names of per-row remove controls (matched as a word prefix of the
    /// control's accessible name).
    pub row_actions: &'static [&'static str],
    /// How a control that signs out every session at once is named.
    pub everywhere: Everywhere,
    /// Row-action names that also count drawn as bare text, with no
    /// button, link or role around them (a `<span>Revoke</span>` the page's
    /// script makes clickable): the unmistakable ones only, since "End"
    /// or "Kill" alone are plain words too.
    pub text_actions: &'static [&'static str],
    /// Row-action names that, outside a list, still mean signing out.
    pub sign_out_actions: &'static [&'static str],
    /// Row-action names only a signed-in session has ("Terminate"): a
    /// listing whose rows mostly carry one lists sessions.
    pub session_actions: &'static [&'static str],
    /// Control names that are never per-row removals even though they start
    /// with a remove word ("delete account").
    pub not_row_actions: &'static [&'static str],
    /// Names of a confirm dialog's cancel button.
    pub cancel_words: &'static [&'static str],
    /// Names of a confirm dialog's go-ahead button, besides row actions.
    pub confirm_words: &'static [&'static str],
    /// Names of a control that takes back what was just done ("Undo" in a
    /// toast after a revocation): like a dialog's cancel.
    pub undo_words: &'static [&'static str],
    /// Names of products that also name entries ("Claude Code"): a short
    /// text holding one is a row's label, never a section title.
    pub product_names: &'static [&'static str],
    /// Section headings (matched as contained words) and what they list.
    pub sections: &'static [(&'static str, SectionKind)],
    /// How a listing says it is empty: an opening (`*` stands for any one
    /// word: "you haven't * any"), words that narrow the noun ("active",
    /// "authorization"), and the noun, which says which listing.
    pub empty_states: EmptyStates,
    /// Texts that mark the session in use ("Current").
    pub current_markers: &'static [&'static str],
    /// Words that may lead a "Current" marker and add nothing ("Your
    /// current session", "This is your current session").
    pub current_leads: &'static [&'static str],
    /// A row's status saying the page itself counts it as ended ("Revoked",
    /// "Expired 2 days ago"): such a row is no longer an active entry.
    pub ended_markers: &'static [&'static str],
    /// The label of a status field ("Status: Revoked").
    pub status_label: &'static str,
    /// Field labels that introduce a location or IP ("Location").
    pub location_labels: &'static [&'static str],
    /// Field labels that introduce the scope list ("Scopes").
    pub scope_labels: &'static [&'static str],
    /// Names of controls that show more of a listing ("Show more", a
    /// pager's "Next").
    pub more_actions: &'static [&'static str],
    /// First words of a text that says how much of a listing is shown,
    /// ending "of N" ("Showing 1–10 of 42"); the first is the pager's
    /// ("Page 1 of 3").
    pub shown_of: &'static [&'static str],
    /// Words that name a text field which narrows a listing to what it
    /// holds ("Search tokens", "Filter").
    pub search_words: &'static [&'static str],
    /// First words of a short text that says the page is still loading
    /// ("Loading…", "Loading tokens...").
    pub loading_words: &'static [&'static str],
    /// First words of a heading that groups rows by when ("Today",
    /// "Earlier", "Last week"): never a row's label.
    pub time_groups: &'static [&'static str],
    /// Field labels that introduce an entry's name ("Product: Claude Code").
    pub name_labels: &'static [&'static str],
    /// Word after a usage percentage ("42% used").
    pub used: &'static str,
    /// Words after a percentage of a limit still to use ("55% remaining",
    /// "88% left"): the meter has used the rest.
    pub remaining: &'static [&'static str],
    /// The word that a percentage is "of" in a sentence about usage ("at
    /// 40% of your 5-hour limit").
    pub limit: &'static str,
    /// Words of a meter's state shown beside it as it fills ("Approaching
    /// limit", "Limit reached"): never its name.
    pub meter_states: &'static [&'static str],
    /// Words in a usage meter's name, else in the heading it stands under,
    /// that say how long its window lasts, in ms ("Current session": 5
    /// hours; "Weekly limits": 7 days). A window ends at its reset time, so
    /// it began that long before: when that was after everything was
    /// revoked, all of its use came after.
    pub meter_windows: &'static [(&'static str, i64)],
    pub time: TimeWords,
}

/// Every table, English first (the fallback).
pub static TABLES: &[&Phrases] = &[&en::EN];

/// The table for a document language such as "en-GB"; English when none fits.
pub fn for_lang(lang: &str) -> &'static Phrases {
    table_for(&primary_subtag(lang)).unwrap_or(TABLES[0])
}

/// The table for a primary language subtag ("en"), if there is one.
pub fn table_for(primary: &str) -> Option<&'static Phrases> {
    TABLES.iter().copied().find(|t| t.lang == primary)
}

/// "fr" for "fr-CA": what picks a table.
pub fn primary_subtag(lang: &str) -> String {
    crate::core::text::before_any(lang.trim(), b"-_").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::fold;

    #[test]
    fn tables_are_written_folded() {
        for t in TABLES {
            let lists: [&[&str]; 22] = [
                t.row_actions,
                t.text_actions,
                t.everywhere.verbs,
                t.everywhere.links,
                t.everywhere.quantifiers,
                t.everywhere.determiners,
                t.everywhere.nouns,
                &[t.everywhere.alone],
                t.sign_out_actions,
                t.not_row_actions,
                t.cancel_words,
                t.confirm_words,
                t.undo_words,
                t.current_markers,
                t.location_labels,
                t.scope_labels,
                t.name_labels,
                t.more_actions,
                t.shown_of,
                t.search_words,
                t.loading_words,
                t.time_groups,
            ];
            for p in lists.iter().flat_map(|l| l.iter()) {
                assert_eq!(&fold(p), p, "phrase {p:?} in {} is not folded", t.lang);
            }
            for (p, _) in t.sections.iter().chain(t.empty_states.nouns) {
                assert_eq!(&fold(p), p);
            }
            for p in t
                .empty_states
                .openings
                .iter()
                .chain(t.empty_states.qualifiers)
                .chain(t.empty_states.verbs)
                .chain(t.empty_states.alone)
            {
                assert_eq!(&fold(p), p);
            }
            for (p, _) in t.time.prefixes {
                assert_eq!(&fold(p), p);
            }
        }
    }

    #[test]
    fn picks_by_primary_subtag_and_falls_back() {
        assert_eq!(for_lang("en-GB").lang, "en");
        assert_eq!(for_lang("xx").lang, "en");
        assert_eq!(for_lang("").lang, "en");
        assert_eq!(primary_subtag(" EN-gb"), "en");
        assert_eq!(primary_subtag("fr_CA"), "fr");
        assert!(table_for("fr").is_none());
    }
}
