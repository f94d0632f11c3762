//! Reading a list to its end, page by page.

use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::Body;
use crate::envelope::{Answer, ResultInfo};
use crate::operations::Operation;
use crate::{CloudflareApi, CloudflareError, Result};

/// A list longer than this many pages is a server that never says "last page".
const MAX_PAGES: u32 = 1000;

impl CloudflareApi {
    /// Every page of a list operation.
    pub(crate) async fn all_pages<T: DeserializeOwned>(
        &self,
        op: &Operation,
        segments: &[&str],
        paging: Paging,
    ) -> Result<Vec<T>> {
        self.all_pages_matching(op, segments, &[], paging).await
    }

    /// Every page of a list operation filtered by `filter` (query parameters sent on each page).
    pub(crate) async fn all_pages_matching<T: DeserializeOwned>(
        &self,
        op: &Operation,
        segments: &[&str],
        filter: &[(&str, String)],
        paging: Paging,
    ) -> Result<Vec<T>> {
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let mut query = filter.to_vec();
            query.extend(paging.query(page));
            let answer: Answer<Vec<T>> = self
                .call(op, Method::GET, segments, &query, Body::None)
                .await?;
            let count = answer.result.len();
            all.extend(answer.result);
            if paging.is_last(page, count, all.len(), answer.info) {
                return Ok(all);
            }
        }
        Err(CloudflareError::UnexpectedResponse {
            operation: op.id,
            message: format!("the list did not end after {MAX_PAGES} pages"),
        })
    }
}

/// How a list operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paging {
    /// The contract has `page` and `per_page`: ask for this many per page from the start.
    PerPage(u32),
    /// The contract (2024) has no paging parameters, yet Cloudflare now pages the list (2026
    /// adds `page`/`per_page`) and says so in `result_info`. The first request goes without
    /// parameters, as the contract has it; only a list longer than one page asks for `page=2…`.
    PageAfterFirst,
}

impl Paging {
    fn query(self, page: u32) -> Vec<(&'static str, String)> {
        match self {
            Self::PerPage(per_page) => {
                vec![
                    ("page", page.to_string()),
                    ("per_page", per_page.to_string()),
                ]
            }
            Self::PageAfterFirst if page == 1 => Vec::new(),
            Self::PageAfterFirst => vec![("page", page.to_string())],
        }
    }

    /// Whether page `page`, which held `count` items (`so_far` in all), was the last one.
    fn is_last(self, page: u32, count: usize, so_far: usize, info: ResultInfo) -> bool {
        if count == 0 {
            return true;
        }
        match (info.total_pages, info.total_count, self) {
            (Some(pages), _, _) => u64::from(page) >= pages,
            (None, Some(total), _) => so_far as u64 >= total,
            (None, None, Self::PerPage(per_page)) => count < per_page as usize,
            // No paging information: the whole list came at once.
            (None, None, Self::PageAfterFirst) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_follows_result_info_then_counts() {
        let info = |pages, total| ResultInfo {
            total_pages: pages,
            total_count: total,
        };
        let per_page = Paging::PerPage(50);
        assert_eq!(
            per_page.query(2),
            vec![("page", "2".into()), ("per_page", "50".into())]
        );
        assert!(!per_page.is_last(1, 50, 50, info(Some(2), None)));
        assert!(per_page.is_last(2, 3, 53, info(Some(2), None)));
        assert!(!per_page.is_last(1, 50, 50, info(None, Some(53))));
        assert!(per_page.is_last(2, 3, 53, info(None, Some(53))));
        assert!(!per_page.is_last(1, 50, 50, info(None, None)));
        assert!(per_page.is_last(2, 49, 99, info(None, None)));
        assert!(
            per_page.is_last(3, 0, 100, info(Some(9), None)),
            "an empty page ends it"
        );

        let after_first = Paging::PageAfterFirst;
        assert!(after_first.query(1).is_empty());
        assert_eq!(after_first.query(2), vec![("page", "2".into())]);
        assert!(!after_first.is_last(1, 50, 50, info(Some(2), Some(57))));
        assert!(after_first.is_last(1, 50, 50, info(None, None)));
    }
}
