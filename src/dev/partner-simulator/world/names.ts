/** Word lists for readable generated names; the seed picks from them. */
export const CARRIER_NAMES = [
  'Swift Parcel', 'Northwind Freight', 'Bluebird Express', 'Harbor Logistics', 'Redline Couriers',
  'Alpine Post', 'Meridian Cargo', 'Tidewater Shipping', 'Copperfield Delivery', 'Lantern Logistics',
  'Granite Transport', 'Skylark Couriers', 'Evergreen Haulage', 'Polaris Parcel', 'Saffron Express',
  'Ironbridge Freight', 'Kestrel Delivery', 'Orchard Post', 'Quayside Cargo', 'Riverbend Couriers',
  'Summit Shipping', 'Thistle Express', 'Umber Logistics', 'Vantage Parcel', 'Willow Freight',
  'Yarrow Delivery', 'Zephyr Couriers', 'Beacon Haulage', 'Cobalt Cargo', 'Driftwood Post',
] as const;

export const PRODUCT_ADJECTIVES = [
  'Oak', 'Walnut', 'Linen', 'Copper', 'Ceramic', 'Woolen', 'Bamboo', 'Steel', 'Glass', 'Leather',
  'Cotton', 'Marble', 'Cedar', 'Brass', 'Slate',
] as const;

export const PRODUCT_NOUNS = [
  'Desk Lamp', 'Side Table', 'Throw Blanket', 'Water Bottle', 'Serving Bowl', 'Bookshelf', 'Wall Clock',
  'Cutting Board', 'Plant Pot', 'Floor Rug', 'Coat Hook', 'Tea Kettle', 'Picture Frame', 'Storage Box',
  'Bench', 'Mirror', 'Candle Holder', 'Laundry Basket', 'Spice Rack', 'Doormat',
] as const;
