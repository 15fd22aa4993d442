#include "site/search_fold.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(SearchFoldingTest, TraditionalFoldsToSimplified) {
  const SearchFolding& f = SearchFolding::Default();
  ASSERT_FALSE(f.empty());  // OpenCC and its data are build dependencies
  EXPECT_EQ(f.Fold("亞塞拜然亞美尼亞再次同意停火 Pompeo 國"), "亚塞拜然亚美尼亚再次同意停火 Pompeo 国");
  EXPECT_EQ(f.Fold("亚塞拜然"), "亚塞拜然");
  EXPECT_NE(f.Json().find("\"亞\":\"亚\""), std::string::npos);
  EXPECT_EQ(f.Json().find("\"亚\":"), std::string::npos);
}

}  // namespace
}  // namespace feedmirror
