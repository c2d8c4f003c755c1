/**
 * Traditional → simplified Chinese for the characters buyers use with a shop (payment, delivery,
 * returns, prices, photos, greetings), so "發貨" reads as "发货". A small table kept here (no
 * dictionary package): pairs of traditional and simplified characters, in lines of one meaning.
 */
const PAIRS = [
  '發发 貨货 運运 費费 郵邮 寄寄 遞递 達达 過过 還还 這这 們们 個个 麼么 嗎吗 點点 幾几 時时 間间 號号 碼码',
  '錢钱 款款 幣币 價价 賣卖 買买 優优 惠惠 減减 贈赠 劵券 單单 訂订 購购 網网 店店 舖铺 闆板 東东 戶户 帳账 賬账',
  '實实 圖图 片片 顏颜 色色 真真 假假 質质 僞伪 偽伪 仿仿 產产 樣样 與与 差差 濾滤 鏡镜 攝摄 張张 圓圆',
  '退退 換换 壞坏 碎碎 錯错 裂裂 損损 補补 寶宝 護护 證证 險险 擔担 靠靠 騙骗 詐诈 黑黑 誠诚 說说 話话',
  '請请 問问 謝谢 您您 在在 嗎吗 嘛嘛 麼么 應应 該该 會会 對对 讓让 給给 從从 來来 後后 裡里 裏里 於于 為为',
  '國国 際际 內内 轉转 聯联 繫系 係系 電电 郵邮 箱箱 話话 務务 員员 處处 理理 題题 預预 計计 劃划 條条 總总',
  '現现 當当 場场 後后 收收 簽签 開开 關关 門门 車车 師师 傅傅 遞递 區区 縣县 鄉乡 鎮镇 廣广 州州 華华 灣湾',
  '歡欢 迎迎 親亲 嗨嗨 謝谢 再再 見见 拜拜 晚晚 早早 午午 嗯嗯 哦哦 啦啦 喔喔 噢噢 呢呢 吧吧 讚赞 棒棒',
  '氣气 惱恼 爛烂 糟糟 極极 壞坏 態态 度度 顧顾 客客 服服 幫帮 麻麻 煩烦 慢慢 遲迟 盡尽 滿满 意意 無无 語语',
  '茶茶 葉叶 壺壶 杯杯 罐罐 禮礼 盒盒 包包 裝装 綠绿 紅红 烏乌 龍龙 鐵铁 觀观 音音 陳陈 餅饼 順顺 豐丰 寫写',
  '嗎吗 甚什 麼么 怎怎 樣样 哪哪 誰谁 為为 久久 多多 少少 天天 週周 禮礼 拜拜 節节 假假 號号 钟钟 鐘钟 點点',
  '機机 器器 人人 真真 闆板 長长 經经 負负 責责 專专 門门 線线 熱热 頭头 體体 驗验 檢检 查查 詢询 據据 記记',
  '評评 論论 覆复 誇夸 貼贴 進进 詢询 蹤踪 資资 訊讯 辦办 園园 慶庆 誤误 擊击 煉炼 飲饮 燒烧 滯滞 倉仓 庫库 貴贵',
  '隻只 兩两 萬万 億亿 歲岁 數数 難难 變变 選选 擇择 權权 傳传 統统 錄录 標标 準准 確确 認认 識识 讀读 聽听',
];
const TABLE = new Map<string, string>();
for (const line of PAIRS) for (const pair of line.split(' ')) if (pair.length === 2 && pair[0] !== pair[1]) TABLE.set(pair[0]!, pair[1]!);

const TRADITIONAL = new RegExp(`[${[...TABLE.keys()].join('')}]`, 'gu');

/** The text with the traditional characters of the table written simplified. */
export function toSimplified(text: string): string {
  return text.replace(TRADITIONAL, (c) => TABLE.get(c)!);
}
