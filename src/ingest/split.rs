//! (being written)
pub fn drop_duplicates(_b: &mut super::Bundle) {}
