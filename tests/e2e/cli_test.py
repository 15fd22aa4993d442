"""The command line as a user meets it: commands, help, exit statuses,
configuration errors, failing sources, status, edits."""

import json
import os
import unittest

from e2e_support import TempDirTest, posts, run, write_config

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Demo</title><link>https://news.example.tw/</link>
<description>d</description>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>https://news.example.tw/{n}.html</link>
<guid>https://news.example.tw/{n}.html</guid><pubDate>Mon, 26 Oct 2020 0{n}:00:00 GMT</pubDate>
<description><![CDATA[<p>{body}</p>]]></description></item>"""


def feed(*items):
    return RSS.format(items="\n".join(ITEM.format(n=n, title=t, body=b) for n, t, b in items))


class CliTest(TempDirTest):
    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_top_level_help_lists_the_commands(self):
        proc = run("--help", check=0)
        for command in ("init", "fetch", "parse", "status"):
            self.assertIn("\n  " + command, proc.stdout)
        self.assertEqual(2, run().returncode)
        bad = run("frobnicate", check=2)
        self.assertIn("unknown command 'frobnicate'", bad.stderr)

    def test_every_command_has_help(self):
        for command in ("init", "fetch", "parse", "status"):
            proc = run(command, "--help", check=0)
            self.assertTrue(proc.stdout.startswith("usage: feedmirror " + command), proc.stdout)
            self.assertIn("--config FILE", proc.stdout)

    def test_init_writes_a_starter_config_once(self):
        target = os.path.join(self.dir, "site")
        run("init", target, check=0)
        config = os.path.join(target, "feedmirror.toml")
        self.assertTrue(os.path.exists(config))
        run("status", "--config", config, check=0)
        again = run("init", target, check=2)
        self.assertIn("already exists", again.stderr)

    def test_configuration_errors_name_the_key_and_line(self):
        cases = [
            ("[archive]\nimagez = \"proxy\"\n", ["imagez", ":2"]),
            ("[archive]\nimages = \"smoke\"\n", ["images", ":2", "smoke"]),
            ("[archive]\ntimezone = \"Mars/Olympus\"\n", ["timezone", ":2", "Mars/Olympus"]),
            ("[[source]]\nname = \"a\"\nurl = \"a.xml\"\ntags = \"x\"\n", ["tags", ":4"]),
            ("[[source]]\nurl = \"a.xml\"\n", ["name"]),
        ]
        for text, needles in cases:
            config = self.write("feedmirror.toml", text)
            proc = run("fetch", "--config", config, check=2)
            for needle in needles:
                self.assertIn(needle, proc.stderr, text)

    def test_missing_config_is_a_usage_error(self):
        proc = run("fetch", "--config", os.path.join(self.dir, "nope.toml"), check=2)
        self.assertIn("nope.toml", proc.stderr)

    def test_a_failing_source_does_not_stop_the_others(self):
        self.write("good.xml", feed((1, "好消息", "a"), (2, "第二則", "b")))
        config = write_config(self.dir, [{"name": "壞", "url": "missing.xml"},
                                         {"name": "好", "url": "good.xml"}])
        proc = run("fetch", "--config", config, check=1)
        self.assertIn("好: 2 new, 0 changed, 0 unchanged", proc.stdout)
        self.assertRegex(proc.stdout, r"壞: failed: .*missing\.xml")
        self.assertEqual(2, len(posts(self.dir)))
        status = json.loads(run("status", "--json", "--config", config, check=0).stdout)
        by_name = {s["name"]: s for s in status}
        self.assertEqual(2, by_name["好"]["items_archived"])
        self.assertEqual("", by_name["好"]["last_error"])
        self.assertNotEqual("", by_name["好"]["last_success"])
        self.assertIn("missing.xml", by_name["壞"]["last_error"])
        self.assertEqual(0, by_name["壞"]["items_archived"])
        text = run("status", "--config", config, check=0).stdout
        self.assertIn("好\n", text)
        self.assertIn("  items:         2\n", text)

    def test_source_flag_fetches_one_source(self):
        self.write("a.xml", feed((1, "甲", "a")))
        self.write("b.xml", feed((2, "乙", "b")))
        config = write_config(self.dir, [{"name": "A", "url": "a.xml"}, {"name": "B", "url": "b.xml"}])
        proc = run("fetch", "--source", "B", "--config", config, check=0)
        self.assertNotIn("A:", proc.stdout)
        self.assertEqual(["2020-10-26-乙.md"], list(posts(self.dir)))
        self.assertIn("no source named 'C'", run("fetch", "--source", "C", "--config", config, check=2).stderr)

    def test_an_edited_item_rewrites_its_post_under_the_same_name(self):
        path = self.write("a.xml", feed((1, "原標題", "第一版")))
        config = write_config(self.dir, [{"name": "A", "url": "a.xml"}])
        run("fetch", "--config", config, check=0)
        self.write("a.xml", feed((1, "新標題", "第二版")))
        proc = run("fetch", "--all", "--config", config, check=0)
        self.assertIn("A: 0 new, 1 changed, 0 unchanged", proc.stdout)
        written = posts(self.dir)
        self.assertEqual(["2020-10-26-原標題.md"], list(written))
        text = written["2020-10-26-原標題.md"].decode()
        self.assertIn('title: "新標題"', text)
        self.assertIn("第二版", text)
        self.assertTrue(os.path.exists(path))

    def test_parse_prints_a_summary_and_json(self):
        path = self.write("a.xml", feed((1, "甲", "a")))
        text = run("parse", path, check=0).stdout
        self.assertIn("甲", text)
        data = json.loads(run("parse", "--json", path, check=0).stdout)
        self.assertEqual("rss", data["feedType"])
        self.assertEqual("甲", data["items"][0]["title"])
        self.assertEqual("2020-10-26T01:00:00Z", data["items"][0]["publishedParsed"])
        missing = run("parse", os.path.join(self.dir, "nope.xml"))
        self.assertEqual(1, missing.returncode)
        self.assertIn("nope.xml", missing.stderr)


if __name__ == "__main__":
    unittest.main()
