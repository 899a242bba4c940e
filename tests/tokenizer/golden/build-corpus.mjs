#!/usr/bin/env node
// Writes corpus.jsonl, the golden corpus of the cl100k_base tokenizer tests: one
// {"name", "text"} object per line. Its expected token ids come from the reference
// tokenizers (scripts/gen-token-golden.mjs), never from our code.
//
// Left out on purpose, because tiktoken's Rust regex engine and JavaScript's disagree on
// them (the C++ tokenizer follows tiktoken): U+0085 and U+FEFF (`\s` in one engine but not
// the other) and the long s U+017F after an apostrophe ((?i:'s) matches "'ſ" in Rust only).
// gen-token-golden.mjs refuses a corpus that holds them.
//
// Usage: node tests/tokenizer/golden/build-corpus.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const cases = [];
const add = (name, text) => cases.push({ name, text });

// A deterministic generator for the long texts.
let state = 0x2545f491n;
const rand = (bound) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number((state >> 33n) % BigInt(bound));
};
const pick = (list) => list[rand(list.length)];
const longText = (words, minChars, separatorChance = 10) => {
    let text = '';
    while ([...text].length < minChars) {
        text += pick(words);
        const r = rand(separatorChance);
        text += r === 0 ? '.\n' : r === 1 ? ', ' : r === 2 ? '\n\n' : ' ';
    }
    return text;
};

// --- English
add('en_simple', 'Hello world');
add('en_sentence', 'The quick brown fox jumps over the lazy dog.');
add('en_caps', 'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG');
add('en_mixed_case', 'tHe QuIcK bRoWn FoX');
add('en_punctuation', 'Wait... what?! No way -- really? (Yes.) [Maybe] {never} "quoted" \'single\'');
add('en_product_title', 'Wireless Noise-Cancelling Over-Ear Headphones, 30h Battery, USB-C Fast Charging');
add('en_product_summary', 'Premium stainless-steel water bottle keeps drinks cold for 24 hours and hot for 12. BPA-free, leak-proof lid; fits most cup holders.');
add('en_tags', 'kitchen outdoor hydration gift-idea eco-friendly');
add('en_single_letter', 'a');
add('en_single_word_leading_space', ' hello');
add('en_hyphenated', 'state-of-the-art well-known mother-in-law');
add('en_underscore', 'snake_case_identifier __dunder__ _private');
add('en_long_word', 'Pneumonoultramicroscopicsilicovolcanoconiosis');
add('en_repeated_words', 'buffalo buffalo Buffalo buffalo buffalo buffalo Buffalo buffalo');
add('en_ellipsis_unicode', 'Wait\u2026 really\u2014truly\u2013almost');
add('en_curly_quotes', '\u201CSmart quotes\u201D and \u2018single\u2019 ones');
add('en_accented', 'Café, naïve, résumé, façade, jalapeño, Zoë, Ångström');
add('en_hashtags_mentions', '#sale @everyone #50percent @user_123');
add('en_email', 'Contact support@example.com or sales.team+kr@shop.co.kr today');

// --- Contractions (case-insensitive)
add('contr_basic', "it's don't they're we've I'm you'll he'd");
add('contr_upper', "IT'S DON'T THEY'RE WE'VE I'M YOU'LL HE'D");
add('contr_mixed_case', "it'S don'T they'Re we'vE I'm you'Ll he'D you'lL");
add('contr_alone', "'s 't 're 've 'm 'll 'd");
add('contr_alone_upper', "'S 'T 'RE 'VE 'M 'LL 'D");
add('contr_start_of_text', "'sup? 'tis 'twas 'em");
add('contr_followed_by_letters', "'sound 'table 'really 'very 'more 'llama 'dog");
add('contr_double_apostrophe', "''s ''ll '''re");
add('contr_no_letter', "' ' '' 'x '9 '!");
add('contr_curly_apostrophe', 'it\u2019s don\u2019t we\u2019ll');
add('contr_possessive_chain', "the cat's toy's owner's friend's");
add('contr_rock_n_roll', "rock'n'roll o'clock y'all ma'am");
add('contr_after_digit', "1990's 80's 2000'S");
add('contr_korean', "한국's 제품'll 사용'RE");
add('contr_inside_word', "can'tt won'ttt shouldn'vee");

// --- Korean
add('ko_greeting', '안녕하세요');
add('ko_sentence', '이 제품은 블루투스 5.3을 지원하며 최대 30시간 연속 재생이 가능합니다.');
add('ko_title', '[무료배송] 여성 봄 신상 루즈핏 니트 가디건 5color');
add('ko_summary', '부드러운 울 혼방 소재로 제작되어 보온성이 뛰어나며, 데일리룩으로 활용하기 좋은 베이직한 디자인입니다.');
add('ko_no_spaces', '띄어쓰기없이길게이어지는한국어문장도정확하게토큰을세어야합니다');
add('ko_jamo_laugh', 'ㅋㅋㅋㅋㅋ ㅎㅎㅎ ㅠㅠ ㅜㅜ ㄱㄴㄷㄹ');
add('ko_conjoining_jamo', '\u1112\u1161\u11AB\u1100\u1173\u11AF \u110B\u1175\u11B8\u1102\u1175\u1103\u1161');
add('ko_rare_syllables', '똠방각하 뷁 쀍 햏 꽦 펲');
add('ko_with_numbers', '가격 49,900원 (정가 89,000원) 44% 할인, 재고 12개');
add('ko_with_english', '삼성 Galaxy S24 Ultra 256GB 자급제 티타늄 블랙');
add('ko_particles', '사과를 먹었다. 사과가 맛있다. 사과는 빨갛다. 사과도 좋다.');
add('ko_honorifics', '고객님께서 주문하신 상품이 오늘 출고될 예정입니다. 감사합니다!');
add('ko_punctuation', '정말요?! 네... 그렇습니다~ (확인) 「인용」 『책』 ·중점·');
add('ko_hanja_mix', '大韓民國 대한민국 漢字 한자 混用 혼용');
add('ko_fullwidth', 'ＡＢＣ ａｂｃ １２３ 전각문자！？');
add('ko_ideographic_space', '한국어\u3000전각\u3000공백');
add('ko_newlines', '첫째 줄\n둘째 줄\n\n넷째 줄\r\n다섯째 줄');
add('ko_tags', '니트 가디건 여성의류 봄신상 데일리룩');
add('ko_address', '서울특별시 강남구 테헤란로 123, 45층 (역삼동)');
add('ko_review', '배송이 빨라서 좋았어요 ㅎㅎ 색깔도 사진이랑 똑같고 재구매 의사 100%입니다!!');

// --- Mixed scripts
add('mix_ko_en', 'AI 기반 embedding 검색 시스템 v2 구축 project');
add('mix_ko_en_nospace', '아이폰15Pro케이스MagSafe호환');
add('mix_ko_ja_zh', '한국어 日本語 中文 混合 텍스트');
add('mix_ru_en', 'Привет, мир! Hello, world! Здравствуйте');
add('mix_greek_math', 'Let α = 3, β = 4, then γ² = α² + β²');
add('mix_arabic', 'مرحبا بالعالم Hello العربية 123');
add('mix_hebrew', 'שלום עולם Hello עברית');
add('mix_thai', 'สวัสดีครับ ภาษาไทยไม่มีช่องว่างระหว่างคำ');
add('mix_devanagari', 'नमस्ते दुनिया हिन्दी भाषा');
add('mix_vietnamese', 'Tiếng Việt có nhiều dấu thanh: à á ả ã ạ');
add('mix_georgian_armenian', 'ქართული ენა Հայերեն լեզու');
add('mix_ethiopic_cherokee', 'ሰላም ዓለም ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ');
add('mix_mongolian_tibetan', 'ᠮᠣᠩᠭᠣᠯ བོད་ཡིག');
add('mix_cyrillic_upper', 'МОСКВА Санкт-Петербург');
add('mix_turkish', 'İstanbul ılık şeker ÇĞÖŞÜ');
add('mix_german', 'Straße Größe Äpfel Übermäßig ß ẞ');
add('mix_polish', 'Zażółć gęślą jaźń');

// --- Emoji
add('emoji_single', '👍');
add('emoji_text', 'Great product 👍👍 would buy again 😀');
add('emoji_zwj_family', '👨\u200D👩\u200D👧\u200D👦 family');
add('emoji_zwj_profession', '👩\u200D💻 👨\u200D🚀 🧑\u200D🍳');
add('emoji_skin_tones', '👍🏻 👍🏼 👍🏽 👍🏾 👍🏿');
add('emoji_flags', '🇰🇷 🇺🇸 🇯🇵 🇬🇧 🇫🇷');
add('emoji_flags_adjacent', '🇰🇷🇺🇸🇯🇵');
add('emoji_subdivision_flag', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}');
add('emoji_keycaps', '1\uFE0F\u20E3 2\uFE0F\u20E3 #\uFE0F\u20E3');
add('emoji_variation', '❤\uFE0F ☺\uFE0E ✔\uFE0F');
add('emoji_rainbow_flag', '🏳\uFE0F\u200D🌈');
add('emoji_korean', '신상 입고 🎉🎉 오늘만 특가 🔥');
add('emoji_run', '😀😃😄😁😆😅😂🤣');
add('emoji_between_letters', 'a😀b😀c');
add('emoji_after_space', 'hi 😀 there');

// --- CJK
add('cjk_chinese', '这是一个中文句子，用于测试分词器。');
add('cjk_traditional', '這是繁體中文的句子。');
add('cjk_japanese', 'これは日本語の文章です。カタカナとひらがなと漢字。');
add('cjk_halfwidth_kana', 'ｶﾀｶﾅ ﾊﾝｶｸ');
add('cjk_ext_b', '𠀀𠀁𠀂 𪚥 𩸽');
add('cjk_punct', '「こんにちは」、『世界』。【重要】');
add('cjk_numbers', '一二三四五 〇 百千万 壱弐参');

// --- Combining marks
add('comb_decomposed_e', 'Cafe\u0301 re\u0301sume\u0301');
add('comb_zalgo', 'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319\u0324\u031E\u0349\u035A\u032F\u031E\u0320\u034DA\u036B\u0357\u0334\u0362\u0335\u031C\u0330\u0354L\u0368\u0367\u0369\u0358\u0320G\u0311\u0357\u030E\u0305\u035B\u0341\u0334\u033B\u0348\u034D\u0354\u0339O');
add('comb_devanagari', 'क्षत्रिय संस्कृत');
add('comb_arabic_harakat', 'بِسْمِ اللَّهِ');
add('comb_hebrew_niqqud', 'שָׁלוֹם');
add('comb_thai_tones', 'น้ำ ก็ ไม่');
add('comb_alone', '\u0301\u0302 \u0303');
add('comb_after_space', 'a \u0301b');
add('comb_enclosing', 'a\u20DD b\u20DE');

// --- Numbers
add('num_short', '1 12 123');
add('num_long', '1234567890');
add('num_very_long', '31415926535897932384626433832795028841971693993751');
add('num_decimal', '3.14159 0.5 .5 5.');
add('num_thousands', '1,000,000 1.000.000 1 000 000');
add('num_negative', '-42 +17 ±3 −5');
add('num_phone', '010-1234-5678 +82-2-555-0100');
add('num_date_time', '2024-03-15T09:30:00Z 15/03/2024 09:30');
add('num_version', 'v1.2.3 1.0.0-beta.2 Qt6.4.2');
add('num_mixed_letters', 'abc123def 12abc abc12 a1b2c3');
add('num_fullwidth', '０１２３４５６７８９');
add('num_arabic_indic', '٠١٢٣٤٥٦٧٨٩ ۰۱۲۳');
add('num_devanagari', '०१२३४५६७८९');
add('num_roman', 'Ⅰ Ⅱ Ⅲ Ⅳ Ⅻ ⅻ');
add('num_superscript_fraction', 'x² y³ ½ ¾ ⅓ ①②③');
add('num_digit_runs_spaces', '1  2   3    4');
add('num_currency', '$19.99 €20 £5 ¥1000 ₩49,900 ₹100');
add('num_percent', '50% 99.9% 100%');
add('num_hex', '0xDEADBEEF 0x1F #FF00AA');

// --- Code
add('code_cpp', 'int main(int argc, char** argv) {\n    std::cout << "Hello, world!" << std::endl;\n    return 0;\n}\n');
add('code_python', 'def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint([fib(i) for i in range(10)])\n');
add('code_js', "const x = await fetch('/api/v1/items?limit=100').then(r => r.json());\n");
add('code_json', '{"id": 123, "title": "무선 이어폰", "tags": ["audio", "bluetooth"], "price": 49900, "active": true}');
add('code_sql', "SELECT id, title FROM ai_items WHERE embedding IS NULL AND updated_at > NOW() - INTERVAL '1 day' ORDER BY id LIMIT 100;");
add('code_html', '<div class="item"><h1>Title</h1><p>Summary &amp; more&nbsp;text</p></div>');
add('code_shell', '#!/bin/bash\nset -euo pipefail\nfor f in *.txt; do echo "$f"; done 2>&1 | tee log.txt\n');
add('code_regex', "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@[a-z]+\\.[a-z]{2,}$");
add('code_tabs_indent', 'if (x) {\n\tif (y) {\n\t\treturn z;\n\t}\n}');
add('code_mixed_indent', 'def f():\n  \t  return 1\n\t  \tpass\n');
add('code_markdown', '# Title\n\n## Section\n\n- item one\n- item **two**\n\n```cpp\nauto x = 1;\n```\n');
add('code_operators', 'a+=b; c-=d; e*=f; g/=h; i==j; k!=l; m<=n; o>=p; q&&r; s||t; u<<v; w>>x; y->z; ::std');
add('code_cr_lf_code', 'line1();\r\nline2();\r\n\r\nline3();\r\n');

// --- URLs
add('url_simple', 'https://example.com');
add('url_path_query', 'https://shop.example.co.kr/products/12345?utm_source=naver&utm_medium=cpc#reviews');
add('url_korean', 'https://ko.wikipedia.org/wiki/대한민국');
add('url_percent', 'https://example.com/search?q=%EB%AC%B4%EC%84%A0%20%EC%9D%B4%EC%96%B4%ED%8F%B0');
add('url_in_text', '자세한 내용은 https://example.com/help 를 참고하세요 (http://old.example.com).');
add('url_ftp_mailto', 'ftp://files.example.org/pub/file.tar.gz mailto:someone@example.com');
add('url_ipv6_port', 'http://[2001:db8::1]:8080/path http://127.0.0.1:5432/db');

// --- White space
add('ws_two_spaces', 'a  b');
add('ws_three_spaces', 'a   b');
add('ws_many_spaces', 'a          b');
add('ws_tab', 'a\tb');
add('ws_tabs', 'a\t\t\tb');
add('ws_space_tab_mix', 'a \t \t b');
add('ws_newline', 'a\nb');
add('ws_newlines', 'a\n\n\nb');
add('ws_crlf', 'a\r\nb');
add('ws_crlf_double', 'a\r\n\r\nb');
add('ws_cr_only', 'a\rb\r\rc');
add('ws_lfcr', 'a\n\rb');
add('ws_spaces_before_newline', 'a   \nb');
add('ws_spaces_after_newline', 'a\n   b');
add('ws_spaces_around_newline', 'a  \n  b');
add('ws_newline_then_digit', 'a\n  1');
add('ws_newline_then_punct', 'a\n  !');
add('ws_space_before_punct', 'a !b  !c   !d');
add('ws_space_before_digit', 'a 1 b  2');
add('ws_leading_spaces', '   leading');
add('ws_leading_newlines', '\n\nleading');
add('ws_trailing_space', 'trailing ');
add('ws_trailing_spaces', 'trailing   ');
add('ws_trailing_newline', 'trailing\n');
add('ws_trailing_newlines', 'trailing\n\n');
add('ws_trailing_space_newline', 'trailing \n');
add('ws_trailing_newline_space', 'trailing\n ');
add('ws_trailing_mixed', 'trailing \t\n \t ');
add('ws_trailing_crlf', 'trailing\r\n');
add('ws_only_space', ' ');
add('ws_only_spaces', '     ');
add('ws_only_newline', '\n');
add('ws_only_tab', '\t');
add('ws_only_mixed', ' \n \t\r\n  ');
add('ws_nbsp', 'a\u00A0b a \u00A0b a\u00A0\u00A0b');
add('ws_unicode_spaces', 'a\u2002b\u2003c\u2009d\u200Ae\u202Ff\u205Fg\u1680h');
add('ws_ideographic', '\u3000\u3000indented');
add('ws_line_paragraph_sep', 'a\u2028b\u2029c');
add('ws_vertical_tab_formfeed', 'a\u000Bb\u000Cc \u000B d');
add('ws_zero_width', 'a\u200Bb\u200Cc\u200Dd\u2060e');
add('ws_spaces_then_letters', '  hello   world    again');
add('ws_spaces_then_korean', '  안녕   세계');
add('ws_paragraphs', 'First paragraph.\n\nSecond paragraph.\n\n\nThird.');
add('ws_indented_list', '- a\n  - b\n    - c\n      - d');

// --- Controls, symbols and other edge cases
add('ctrl_c0', 'a\u0001b\u0002c\u001Fd\u007Fe');
add('ctrl_nul', 'a\u0000b');
add('sym_math', '∑ ∫ √ ∞ ≠ ≤ ≥ ∈ ∉ ⊂ ⊃ ∀ ∃ ∂ ∇');
add('sym_arrows_box', '→ ← ↑ ↓ ⇒ ⇔ ┌─┐ │ └─┘ ■ □ ▲ ▼');
add('sym_misc', '© ® ™ § ¶ † ‡ • ° ′ ″ ‰');
add('sym_repeated_punct', '!!!!!!!! ???????? ........ -------- ======== ########');
add('sym_punct_newlines', 'end.\n\n\n(next)\r\n\r\n');
add('special_token_text', 'text <|endoftext|> more <|fim_prefix|> and <|im_start|>');
add('private_use', '\uE000\uE001 \uF8FF');
add('noncharacters', '\uFFFE\uFFFF \uFDD0');
add('replacement_char', 'bad \uFFFD byte');
add('supplementary_letters', '𝐀𝐁𝐂 𝒜𝒷𝒸 𐌰𐌱𐌲 𓀀𓀁');
add('supplementary_numbers', '𝟎𝟏𝟐 𐄇𐄈');
add('letter_number_boundary', 'abc١٢٣def');
add('apostrophe_space', "it ' s not ' ll");
add('mixed_everything', "Hi! 안녕 😀 it's 12345 \t\n\r\n  https://x.y/z?q=1 ½ 𝐀 ★彡 'LL");

// --- Catalog-like items (title summary tags, the seed's text)
add('item_1', '무선 블루투스 이어폰 노이즈 캔슬링 고음질 최대 30시간 재생, IPX5 방수 audio bluetooth 이어폰');
add('item_2', 'Apple iPhone 15 Pro Max 256GB 자연 티타늄 A17 Pro 칩, 티타늄 디자인 스마트폰 애플 iphone');
add('item_3', '스테인리스 텀블러 500ml 24시간 보냉 12시간 보온, BPA free 주방 텀블러 선물');
add('item_4', 'LG 그램 16인치 2024 인텔 코어 Ultra 7 32GB/1TB 노트북 lg gram');
add('item_5', '유기농 제주 감귤 5kg (중과) 산지직송 과일 귤 제주');

// --- Long texts (10k+ characters)
const koWords = ['무선', '블루투스', '이어폰', '노이즈', '캔슬링', '고음질', '배터리', '충전', '케이스', '정품', '할인', '무료배송', '스마트폰', '호환', '초경량', '방수', '제품은', '사용', '가능한', '있습니다', '합니다', '고객님', '만족도', '높은'];
const enWords = ['wireless', 'Bluetooth', 'earbuds', 'noise', 'cancelling', 'premium', 'quality', 'battery', 'USB-C', 'fast', 'charging', 'the', 'and', "it's", "don't", 'Galaxy', 'iPhone'];
const extras = ['256GB', '2024', '49,900원', '(신상)', '#추천', '5.0', '100%', '😀', '🇰🇷', 'https://example.com/a?b=1'];
add('long_korean', longText(koWords, 10500));
add('long_english', longText(enWords, 12000));
add('long_mixed', longText([...koWords, ...enWords, ...extras], 15000, 8));
add('long_code', Array.from({ length: 400 }, (_, i) => `    value_${i} = compute(${i}, "${koWords[i % koWords.length]}");\n`).join(''));
add('long_single_letter_run', 'a'.repeat(12000));
add('long_korean_no_spaces', Array.from({ length: 3500 }, (_, i) => koWords[i % koWords.length]).join(''));
add('long_digit_run', Array.from({ length: 11000 }, (_, i) => String((i * 7) % 10)).join(''));
add('long_space_run', 'x' + ' '.repeat(10000) + 'y');
add('long_newline_run', 'x' + '\n'.repeat(10000) + 'y');
add('long_mixed_ws_run', 'x' + ' \t\n'.repeat(4000) + 'y');
add('long_punct_run', '=-'.repeat(6000));
add('long_emoji_run', '😀🎉👍🏽🇰🇷'.repeat(1500));
add('long_base64', Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 131 + 7) % 256)).toString('base64'));
add('long_hangul_syllables', Array.from({ length: 11172 }, (_, i) => String.fromCodePoint(0xac00 + i)).join(''));
add('long_cjk', Array.from({ length: 10000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 37) % 20000))).join(''));
add('long_url_like', 'https://example.com/' + Array.from({ length: 1500 }, (_, i) => `seg${i}`).join('/'));

// Sanity: names are unique.
const names = new Set();
for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate name ${c.name}`);
    names.add(c.name);
}
const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, 'corpus.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
console.log(`wrote ${cases.length} cases`);
