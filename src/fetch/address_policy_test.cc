#include "fetch/address_policy.h"

#include <gtest/gtest.h>

#include <atomic>

#include "fetch/transport.h"
#include "http_test_server.h"

namespace feedmirror {
namespace {

TEST(AddressPolicy, PublicAddresses) {
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1",
                         "100.63.255.255", "100.128.0.1", "169.253.0.1", "192.169.0.1",
                         "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808",
                         "2002:0808:0808::1"}) {
    EXPECT_TRUE(IsPublicAddress(ip)) << ip;
  }
}

TEST(AddressPolicy, LoopbackPrivateLinkLocalAndReservedAreNot) {
  for (const char* ip :
       {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
        "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255", "198.51.100.1", "203.0.113.9",
        "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "::", "::1", "fc00::1",
        "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1",
        "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::7f00:1",
        "2002:7f00:0001::1", "2002:c0a8:0101::1", "100::1"}) {
    EXPECT_FALSE(IsPublicAddress(ip)) << ip;
  }
  for (const char* text : {"", "localhost", "1.2.3", "example.com", "1.2.3.4.5", "[::1]"}) {
    EXPECT_FALSE(IsPublicAddress(text)) << text;
  }
}

TEST(AddressPolicy, HttpUrlHost) {
  EXPECT_EQ("img.example.com", HttpUrlHost("https://IMG.Example.com:8443/a.jpg?x#y"));
  EXPECT_EQ("127.0.0.1", HttpUrlHost("http://user:pw@127.0.0.1/a"));
  EXPECT_EQ("::1", HttpUrlHost("http://[::1]:8080/a"));
  EXPECT_EQ("a.b", HttpUrlHost("HTTP://a.b"));
  EXPECT_EQ("", HttpUrlHost("ftp://a.b/c"));
  EXPECT_EQ("", HttpUrlHost("file:///etc/passwd"));
  EXPECT_EQ("", HttpUrlHost("data:image/png;base64,AAAA"));
}

TEST(AddressPolicy, NonPublicHostReasonChecksResolvedAddresses) {
  EXPECT_EQ("127.0.0.1 resolves to 127.0.0.1, a loopback, private or reserved address",
            NonPublicHostReason("http://127.0.0.1:8080/a.jpg"));
  EXPECT_EQ("::1 resolves to ::1, a loopback, private or reserved address",
            NonPublicHostReason("http://[::1]/a.jpg"));
  EXPECT_EQ("10.1.2.3 resolves to 10.1.2.3, a loopback, private or reserved address",
            NonPublicHostReason("https://10.1.2.3/a.jpg"));
  // Names are resolved: "localhost" is loopback whatever it is called.
  EXPECT_NE(std::string::npos, NonPublicHostReason("http://localhost/a.jpg").find("localhost resolves to "));
  // Decimal and hex spellings of 127.0.0.1 that resolvers accept.
  EXPECT_NE("", NonPublicHostReason("http://2130706433/a.jpg"));
  EXPECT_NE("", NonPublicHostReason("http://0x7f.1/a.jpg"));
  EXPECT_EQ("not an http(s) URL", NonPublicHostReason("file:///etc/passwd"));
  EXPECT_EQ("", NonPublicHostReason("http://8.8.8.8/a.jpg"));
}

TEST(AddressPolicy, TransportRefusesNonPublicAddressesWhenAsked) {
  feedmirror::testing::TestHttpServer server;
  std::atomic<int> hits{0};
  server.server().Get("/a.jpg", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.set_content("x", "image/jpeg");
  });
  server.Start();
  TransportOptions options;
  options.public_addresses_only = true;
  options.resolve = {server.ResolveEntry("img.test")};
  FetchRequest request;
  request.url = server.UrlOn("img.test", "/a.jpg");
  FetchResponse refused = NewDefaultTransport(options)->Fetch(request);
  EXPECT_EQ("refused: connected to 127.0.0.1, a loopback, private or reserved address", refused.error);
  EXPECT_EQ(0, hits);
  options.public_addresses_only = false;
  FetchResponse allowed = NewDefaultTransport(options)->Fetch(request);
  EXPECT_TRUE(allowed.ok()) << allowed.error;
  EXPECT_EQ(1, hits);
}

}  // namespace
}  // namespace feedmirror
