package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/topgen/topgen/model"
)

// ev builds an enum from value, label pairs.
func ev(pairs ...string) []model.EnumValue {
	var out []model.EnumValue
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, model.EnumValue{Value: pairs[i], Label: pairs[i+1]})
	}
	return out
}

func TestEnumForms(t *testing.T) {
	tests := []struct {
		name, typ, desc string
		want            []model.EnumValue
	}{
		{"numbered colon", "String",
			"1. CASH:现金支付; 2. UNIONPAY:银联刷卡支付; 3. ALIPAY:支付宝支付; 4. WECHAT_PAY:微信支付; 5. PROMOTION: 零售+平台的优惠; 6. CUSTOM_PROMOTION:零售商自有优惠; 7. CUSTOM_PREPAY_CARD:ISV储值卡;8. OFFLINE_PREPAY_CARD: 线下储值卡(无ISV交互逻辑) 9. MOLING:支付时抹零;10. POINTS:积分抵扣",
			ev("CASH", "现金支付", "UNIONPAY", "银联刷卡支付", "ALIPAY", "支付宝支付", "WECHAT_PAY", "微信支付",
				"PROMOTION", "零售+平台的优惠", "CUSTOM_PROMOTION", "零售商自有优惠", "CUSTOM_PREPAY_CARD", "ISV储值卡",
				"OFFLINE_PREPAY_CARD", "线下储值卡(无ISV交互逻辑)", "MOLING", "支付时抹零", "POINTS", "积分抵扣")},
		{"quoted parens", "String", `提货方式: LOGISTICS("物流发货"), SELF_DELIVERY("门店自提");`,
			ev("LOGISTICS", "物流发货", "SELF_DELIVERY", "门店自提")},
		{"parens", "String", "可选值:m(男),f(女)", ev("m", "男", "f", "女")},
		{"parens on lines", "String", "可选值:\nWAIT_BUYER_PAY(等待买家付款)\nTRADE_FINISHED(交易成功)",
			ev("WAIT_BUYER_PAY", "等待买家付款", "TRADE_FINISHED", "交易成功")},
		{"equals comma", "Number", "语言类型:1=中文,2=英文", ev("1", "中文", "2", "英文")},
		{"equals comma 2", "Number", "库存状态:1=有库存,2=无库存", ev("1", "有库存", "2", "无库存")},
		{"equals dunhao", "Number", "项目座位类型 1=有座、2=无座", ev("1", "有座", "2", "无座")},
		{"four digits", "Number", "1201=减免,1202=折扣,1203=赠送,1205=自定义减免,1206=自定义折扣",
			ev("1201", "减免", "1202", "折扣", "1203", "赠送", "1205", "自定义减免", "1206", "自定义折扣")},
		{"label with ampersand", "String", "票品类型列表:0=不确定、1=纸质票、2=身份证票、3=短信票、4=邮件、5=身份证票&短信票、6=联票卡、7=有纸化二维码、8=无纸化二维码",
			ev("0", "不确定", "1", "纸质票", "2", "身份证票", "3", "短信票", "4", "邮件", "5", "身份证票&短信票", "6", "联票卡", "7", "有纸化二维码", "8", "无纸化二维码")},
		{"label with parens", "Number", "场次购票限制类型:0=不限购,1=实名制购票(一单一证),2=一票一证",
			ev("0", "不限购", "1", "实名制购票(一单一证)", "2", "一票一证")},
		{"number dot with headings", "Number", "优惠类型:1.票品优惠;2.订单优惠;3.支付优惠;优惠权益:4.票品权益;5.单次使用优惠码;6.多次使用优惠码;",
			ev("1", "票品优惠", "2", "订单优惠", "3", "支付优惠", "4", "票品权益", "5", "单次使用优惠码", "6", "多次使用优惠码")},
		{"number dot spaced", "Number", "1.减免;2.折扣;3.赠送; 4. 加价购;5.其他",
			ev("1", "减免", "2", "折扣", "3", "赠送", "4", "加价购", "5", "其他")},
		{"upper snake then label", "String",
			"TAOBAO_OPENID 经阿里百川淘宝登录获取到的用户id; ALIPAY_OPENID 经蚂蚁金服开放平台支付宝App登录获取到的用户id ;WECHAT_OPENID 经微信开放平台微信App登录获取到的用户id ;PHONE_NUMBER 通过手机号登录 APP_USERID 商户自有的用户id; ANONYMOUS_USER 匿名用户",
			ev("TAOBAO_OPENID", "经阿里百川淘宝登录获取到的用户id", "ALIPAY_OPENID", "经蚂蚁金服开放平台支付宝App登录获取到的用户id",
				"WECHAT_OPENID", "经微信开放平台微信App登录获取到的用户id", "PHONE_NUMBER", "通过手机号登录",
				"APP_USERID", "商户自有的用户id", "ANONYMOUS_USER", "匿名用户")},
		{"number colon spaces", "Number", "匹配状态: 0：待系统匹配 1：已系统匹配，匹配成功，待卖家确认 2：已人工匹配",
			ev("0", "待系统匹配", "1", "已系统匹配，匹配成功，待卖家确认", "2", "已人工匹配")},
		{"negative values", "Number", "会员维度活动参与人群限制：-1:不限制 1:会员专享 2:非会员专享",
			ev("-1", "不限制", "1", "会员专享", "2", "非会员专享")},
		{"dedupe first wins", "Number", "类型,1:自定义创意,1:主副图创意,5:智能创意", ev("1", "自定义创意", "5", "智能创意")},
		{"last label ends at separator", "Number", "推广者角色类型,2:二方，3:三方，不传，表示所有角色", ev("2", "二方", "3", "三方")},
		{"unbalanced bracket trimmed", "Number", "结账状态(1:结账,0:未结账)", ev("1", "结账", "0", "未结账")},
		{"list of strings", "String", "TRAVEL: 差旅, TRAFFIC: 市内交通, WORK: 加班", ev("TRAVEL", "差旅", "TRAFFIC", "市内交通", "WORK", "加班")},

		// Negatives.
		{"type= cases of another field", "String",
			"1. type=CASH:为空; 2. type=UNIONPAY:银联流水号; 3. type=ALIPAY:支付宝订单号; 4. type=WECHAT_PAY:微信支付订单号; 5. type=PROMOTION:零售+平台中的优惠id。6. type=CUSTOM_PROMOTION:7. type=CUSTOM_PREPAY_CARD;8. type=OFFLINE_PREPAY_CARD; 9. type=MOLING;10. type=POINTS:为空", nil},
		{"type= cases with labels", "String", "资金渠道的名称。 1. type=CASH:现金支付; 2. type=UNIONPAY:银联刷卡支付; 3. type=ALIPAY:支付宝支付;", nil},
		{"one value", "Number", "语言类型:1=中文", nil},
		{"string values on a Number", "Number", "enabled:开启,disabled:暂停", nil},
		{"boolean field", "Boolean", "可选值:true(是),false(否)", nil},
		{"object field", "FundBill", "1=中文,2=英文", nil},
		{"time of day", "String", "开始时间，格式 10:00:00 到 12:00:00", nil},
		{"url", "String", "详见 http://open.taobao.com/doc 与 https://x.y", nil},
		{"pixel sizes", "String", "图片建议尺寸：height: 310px;width: 670px;", nil},
		{"prose numbered notes", "Number", "两种方式来查看一个产品:1.传入product_id来查询 2.传入cid和props来查询", nil},
		{"long notes", "String", "注意：1.这个参数在创建订单的时候必须要传入否则会失败;2.另一个非常长的注意事项说明文字放在这里", nil},
		{"inside a word", "String", "pid1:vid1:pid_name1:vid_name1;pid2:vid2:pid_name2:vid_name2", nil},
		{"plain prose", "String", "用户数字ID", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &model.Field{Name: "x", Type: tt.typ, Description: tt.desc}
			sib := []*model.Field{f, {Name: "type", Type: "String"}, {Name: "product_id", Type: "Number"}}
			assert.Equal(t, tt.want, findEnum(f, sib))
		})
	}
}

func TestEnumKeepsExisting(t *testing.T) {
	api := &model.API{Method: "a.b", Request: []*model.Field{
		{Name: "x", Type: "Number", Description: "1=中文,2=英文", Enum: ev("9", "九")},
		{Name: "y", Type: "Number", List: true, Description: "1=中文,2=英文"},
	}}
	enrich(api)
	assert.Equal(t, ev("9", "九"), api.Request[0].Enum)
	assert.Equal(t, ev("1", "中文", "2", "英文"), api.Request[1].Enum, "lists of scalars get enums too")
}

func TestConstraintForms(t *testing.T) {
	f := func(name, desc string, sub ...*model.Field) *model.Field {
		return &model.Field{Name: name, Type: "String", Description: desc, Fields: sub}
	}
	c := func(text string, fields ...string) model.Constraint {
		return model.Constraint{Kind: model.AtLeastOneOf, Section: "request", Fields: fields, Text: text}
	}
	tests := []struct {
		name    string
		apiDesc string
		req     []*model.Field
		want    []model.Constraint
	}{
		{"stated in both fields gives one", "", []*model.Field{
			f("trade_no", "零售+平台订单号,和out_trade_no不能同时为空"),
			f("out_trade_no", "外部订单号,和trade_no不能同时为空"),
		}, []model.Constraint{c("和out_trade_no不能同时为空", "trade_no", "out_trade_no")}},
		{"X和Y", "", []*model.Field{
			f("item_id", "商品id，itemId和outerId不能同时为空"), f("outer_id", "外部id"),
		}, []model.Constraint{c("itemId和outerId不能同时为空", "item_id", "outer_id")}},
		{"与X", "", []*model.Field{
			f("a", "x"), f("service_case_no", "服务单号（与order_num不能同时为空）"), f("order_num", "检测单号"),
		}, []model.Constraint{c("与order_num不能同时为空", "service_case_no", "order_num")}},
		{"X、Y至少填一个", "", []*model.Field{
			f("buyer_id", "buyer_id、buyer_nick至少填一个， 都填写以id为准"), f("buyer_nick", ""),
		}, []model.Constraint{c("buyer_id、buyer_nick至少填一个", "buyer_id", "buyer_nick")}},
		{"至少传一个 in parens, other field's description", "", []*model.Field{
			f("cids", "类目ID列表"), f("parent_cid", "父类目 (cids、parent_cid至少传一个)"),
		}, []model.Constraint{c("cids、parent_cid至少传一个", "cids", "parent_cid")}},
		{"二选一 across a comma", "", []*model.Field{
			f("device_code_list", "设备编码 device_code_list, device_uuid_list 二选一必填"), f("device_uuid_list", ""),
		}, []model.Constraint{c("设备编码 device_code_list, device_uuid_list 二选一必填", "device_code_list", "device_uuid_list")}},
		{"three fields", "", []*model.Field{
			f("title", "店铺标题。title, bulletin和desc至少必须传一个"), f("bulletin", ""), f("desc", ""),
		}, []model.Constraint{c("title, bulletin和desc至少必须传一个", "title", "bulletin", "desc")}},
		{"this field", "", []*model.Field{
			f("phone", "电话"), f("mobile", "手机（此字段与phone字段至少填写一个）"),
		}, []model.Constraint{c("此字段与phone字段至少填写一个", "phone", "mobile")}},
		{"nested siblings", "", []*model.Field{
			f("pay_param", "支付参数", f("order_id", "订单号，与out_order_id二选一"), f("out_order_id", "外部订单号")),
		}, []model.Constraint{c("与out_order_id二选一", "pay_param.order_id", "pay_param.out_order_id")}},
		{"list parent states it for its children", "", []*model.Field{
			{Name: "query_list", Type: "Query", List: true, Description: "查询条件。receiver_name、receiver_mobile至少有一个值不为空。",
				Fields: []*model.Field{f("receiver_mobile", ""), f("receiver_name", "")}},
		}, []model.Constraint{c("receiver_name、receiver_mobile至少有一个值不为空", "query_list[].receiver_mobile", "query_list[].receiver_name")}},
		{"API description", "trade_no和out_trade_no不能同时为空。", []*model.Field{
			f("trade_no", ""), f("out_trade_no", ""),
		}, []model.Constraint{c("trade_no和out_trade_no不能同时为空", "trade_no", "out_trade_no")}},

		// Negatives.
		{"unknown field", "", []*model.Field{
			f("trade_no", "和out_trade_no不能同时为空"), f("other", ""),
		}, nil},
		{"names in Chinese", "", []*model.Field{
			f("sc_item_id", "【和货品编码二选一】货品id"), f("sc_item_code", "【和货品ID二选一】货品编码"),
		}, nil},
		{"not about fields", "", []*model.Field{
			f("refund_status", "10-退款活动中,至少有一个子单在退款中"), f("other", ""),
		}, nil},
		{"name that is no path", "", []*model.Field{
			f("x.y", "和c不能同时为空"), f("c", ""),
		}, nil},
		{"no phrase", "", []*model.Field{
			f("trade_no", "和out_trade_no一起传"), f("out_trade_no", ""),
		}, nil},
		{"earlier clause mentions another field", "", []*model.Field{
			f("a_id", "优先级高于c_id，与b_id二选一"), f("b_id", ""), f("c_id", ""),
		}, []model.Constraint{c("与b_id二选一", "a_id", "b_id")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &model.API{Method: "a.b", Description: tt.apiDesc, Request: tt.req}
			enrich(api)
			assert.Equal(t, tt.want, api.Constraints)
			for _, c := range api.Constraints {
				for _, p := range c.Fields {
					assert.NotNil(t, model.Lookup(api.Request, p), p)
				}
			}
		})
	}
}

func TestConstraintResponseIgnored(t *testing.T) {
	api := &model.API{Method: "a.b", Response: []*model.Field{
		{Name: "trade_no", Type: "String", Description: "和out_trade_no不能同时为空"},
		{Name: "out_trade_no", Type: "String"},
	}}
	enrich(api)
	assert.Empty(t, api.Constraints)
}

func TestEnrichDeterministic(t *testing.T) {
	build := func() *model.API {
		return &model.API{Method: "a.b", Request: []*model.Field{
			{Name: "trade_no", Type: "String", Description: "和out_trade_no不能同时为空"},
			{Name: "out_trade_no", Type: "String", Description: "和trade_no不能同时为空"},
			{Name: "status", Type: "Number", Description: "0=不确定、1=纸质票、2=身份证票、3=短信票"},
		}}
	}
	first := build()
	enrich(first)
	for range 20 {
		again := build()
		enrich(again)
		require.Equal(t, first, again)
	}
	// Enriching twice changes nothing.
	twice := build()
	enrich(twice)
	enrich(twice)
	assert.Equal(t, first, twice)
}

func TestProseCleanHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain  text\t here ", "plain text here"},
		{"a<br/>b<br>c<br />d", "a\nb\nc\nd"},
		{"x&nbsp;&nbsp;y &amp; z &quot;q&quot;", "x y & z \"q\""},
		{`见<a href="http://x" target="_blank">文档</a>。`, "见文档。"},
		{"<ul><li>A(甲) </li><li>B(乙)</li></ul>", "A(甲)\nB(乙)"},
		{"Map<String,String>结构", "Map<String,String>结构"},
		{"List<ItemDO> 与 <b>粗体</b>", "List<ItemDO> 与 粗体"},
		{"<p>第一段</p>\n\n<p>第二段</p>", "第一段\n第二段"},
		{"line one\r\nline two\n\n\nline three", "line one\nline two\nline three"},
		{"<font color='red'>红</font>色", "红色"},
		{"a < b > c", "a < b > c"},
		{"控制\x01字符\u200b", "控制字符"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cleanHTML(tt.in), "%q", tt.in)
	}
}

// A short sibling name used as a plain word in a label ("用户id" beside a
// field "id") does not hide the enum; a sibling set as "type=…" does.
func TestEnumLabelsNamingSiblings(t *testing.T) {
	f := &model.Field{Name: "buyer_id_type", Type: "String", Description: "TAOBAO_OPENID 经淘宝登录获取到的用户id; ALIPAY_OPENID 经支付宝App登录获取到的用户id"}
	sib := []*model.Field{{Name: "id", Type: "String"}, f, {Name: "type", Type: "String"}}
	assert.Equal(t, []model.EnumValue{{Value: "TAOBAO_OPENID", Label: "经淘宝登录获取到的用户id"}, {Value: "ALIPAY_OPENID", Label: "经支付宝App登录获取到的用户id"}}, findEnum(f, sib))
	g := &model.Field{Name: "id", Type: "String", Description: "1. type=CASH:为空; 2. type=UNIONPAY:银联流水号"}
	assert.Nil(t, findEnum(g, sib))
}

// TestEnumReworded: the same values written differently give the same
// enum, so rewording a description does not churn the generated code.
func TestEnumReworded(t *testing.T) {
	want := ev("1", "上午", "2", "下午")
	for _, desc := range []string{"1上午，2下午", "1:上午/2:下午", "1=上午,2=下午", "时段：1上午、2下午", "1：上午；2：下午"} {
		for _, typ := range []string{"Number", "String"} {
			f := &model.Field{Name: "period", Type: typ, Description: desc}
			assert.Equal(t, want, findEnum(f, []*model.Field{f}), "%s %q", typ, desc)
		}
	}
	// Glued numbers in prose are not a list of values.
	for _, desc := range []string{"1个儿童计1个成人、2个儿童计1个成人、儿童不计", "最多3天，超过7天关闭", "1上午，2下午，其余时间不限"} {
		f := &model.Field{Name: "x", Type: "String", Description: desc}
		assert.Nil(t, findEnum(f, []*model.Field{f}), desc)
	}
}

// TestEnumGluedFirstValue: a first value glued to 可选值 or 可选类型 is
// kept (refunds[].status lacked WAIT_SELLER_AGREE).
func TestEnumGluedFirstValue(t *testing.T) {
	f := &model.Field{Name: "status", Type: "String",
		Description: "退款状态。可选值WAIT_SELLER_AGREE(买家已经申请退款，等待卖家同意) WAIT_BUYER_RETURN_GOODS(卖家已经同意退款，等待买家退货) CLOSED(退款关闭) SUCCESS(退款成功)"}
	assert.Equal(t, ev("WAIT_SELLER_AGREE", "买家已经申请退款，等待卖家同意", "WAIT_BUYER_RETURN_GOODS", "卖家已经同意退款，等待买家退货",
		"CLOSED", "退款关闭", "SUCCESS", "退款成功"), findEnum(f, []*model.Field{f}))
	f = &model.Field{Name: "second_kill", Type: "String", Description: "秒杀商品类型。可选类型web_only(只能通过web网络秒杀)wap_only(只能通过wap网络秒杀)"}
	assert.Equal(t, ev("web_only", "只能通过web网络秒杀", "wap_only", "只能通过wap网络秒杀"), findEnum(f, []*model.Field{f}))
}

// TestEnumNotAList: descriptions that name JSON keys, hold a JSON sample,
// or describe a JSON or map field give no enum.
func TestEnumNotAList(t *testing.T) {
	for _, c := range []struct{ name, desc string }{
		{"hospital", "医院信息，hosNo:医院编号，deptNo:科室编号，docName:医生姓名"},
		{"ext", "扩展json信息，usageIndex: 使用热度，mark: 打标文案"},
		{"json_str", "1:是,2:否,3:未知,4:其他,true:真,false:假,5:空"},
		{"result_map", "KEY:商品id/VALUE:结果"},
		{"items", `库存信息： [{"scItemId":"商品后端ID","inventoryType":"库存类型 1:正常,2:损坏"}]`},
		{"flag", "1:正常,2:损坏,true:是,false:否"},
		{"properties", "商品属性格式是 p1:v1,p2:v2,p3:v3"},
		{"customer_spec_props", "用户自定义销售属性，结构：pid1:value1;pid2:value2。"},
	} {
		f := &model.Field{Name: c.name, Type: "String", Description: c.desc}
		assert.Nil(t, findEnum(f, []*model.Field{f}), c.desc)
	}
}
